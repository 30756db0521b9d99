"""self.hf_config = config in __init__: what every construction in the project passes decides."""


class Wrapper:
    def __init__(self, config, name="w"):
        self.hf_config = config
        self.name = name

    def rope(self):
        return self.hf_config.rope_theta  # follows: Wrapper(...) and super().__init__(...) pass configs


class Loose:
    def __init__(self, config):
        self.hf_config = config

    def rope(self):
        return self.hf_config.rope_theta  # reported: Child inherits __init__


class Child(Loose):
    pass


class Holder:
    def __init__(self, args):
        self.hf_config = args

    def rope(self):
        return self.hf_config.rope_theta  # stays: constructed with an Args
