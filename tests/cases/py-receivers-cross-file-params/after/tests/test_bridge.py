from unittest.mock import Mock

from pkg.bridge import loose


def test_loose():
    config = Mock()
    config.torch_dtype = "bf16"  # stays: a mock
    assert loose(config) == "bf16"
