"""A mock's attributes are whatever the test sets: a template is reported on them, a rename follows."""

from unittest.mock import Mock

import pytest


@pytest.fixture
def pretrained():
    m = Mock()
    m.config = Mock()
    return m


def test_mock_config(pretrained):
    pretrained.config.dtype = "bf16"  # follows: a one-to-one rename keeps the mock in step
    assert pretrained.config.rope_theta  # reported: the template's rope_parameters is not on the mock
