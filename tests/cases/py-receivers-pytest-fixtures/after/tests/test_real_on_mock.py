from unittest.mock import MagicMock

from transformers import LlamaConfig


def test_real_config_on_a_mock():
    m = MagicMock()
    m.config = LlamaConfig()
    assert m.config.rope_parameters["rope_theta"]  # follows: the mock's config is a real one
