from unittest.mock import MagicMock

from pkg import bridge


def test_describe_with_a_mock():
    assert bridge.describe(MagicMock()) is not None  # a mock does not vote
