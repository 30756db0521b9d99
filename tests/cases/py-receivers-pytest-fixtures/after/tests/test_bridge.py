"""pytest fixtures of the same file: a test's parameter holds what its fixture returns or yields."""

from unittest.mock import Mock

import pytest
from transformers import LlamaConfig


@pytest.fixture
def llama_config():
    return LlamaConfig(rope_theta=1e4)


@pytest.fixture(name="renamed")
def _renamed_fixture():
    yield LlamaConfig()


@pytest.fixture
def mocked():
    config = Mock()
    config.rope_theta = 1e4  # stays: a mock
    return config


def test_module_level(llama_config, renamed, mocked):
    assert llama_config.rope_parameters["rope_theta"] == 1e4  # follows
    assert renamed.rope_parameters["rope_theta"] > 0  # follows: the fixture requested by its name=
    assert mocked.rope_theta == 1e4  # stays: a mock


@pytest.mark.parametrize("llama_config", [object()])
def test_parametrized(llama_config):
    assert llama_config.rope_theta  # stays: parametrize passes it


class TestBridge:
    @pytest.fixture
    def llama_config(self):
        return {"rope_theta": 5e5}  # the class's own fixture comes first: a dict

    @pytest.fixture
    def hf_config(self, llama_config):
        return LlamaConfig(**llama_config)

    def test_in_class(self, hf_config):
        assert hf_config.rope_parameters["rope_theta"] == 5e5  # follows: a fixture of the class

    def test_dict(self, llama_config):
        assert llama_config.rope_theta  # stays: the class's fixture returns a dict

    def helper(self, hf_config):
        return hf_config.torch_dtype  # stays: not a test or a fixture
