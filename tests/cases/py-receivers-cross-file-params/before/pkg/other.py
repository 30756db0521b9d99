from pkg.bridge import ModelBridge, unrelated


class Args:
    torch_dtype = "auto"
    rope_theta = 1e4


class OddBridge(ModelBridge):
    def go(self):
        return self.base_from(Args())


def main(namespace):
    return unrelated(namespace), Args().rope_theta
