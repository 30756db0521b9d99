from pkg.args import add_model_args

__all__ = ["add_model_args"]
