"""Which lines of a Python file's docstrings are command lines."""

from __future__ import annotations

from cfgmigrate.engines.shell.docstrings import docstring_blocks


def lines(source: str) -> list[list[tuple[int, str, str]]]:
    return [[(h.line, h.keep, h.body) for h in block] for block in docstring_blocks(source)]


def test_command_lines_of_docstrings_with_their_continuations() -> None:
    source = (
        '"""Usage:\n    $ python a.py \\\n      --x 1\nSee python docs.\n    CUDA_VISIBLE_DEVICES=0 torchrun b.py --y\n"""\n'
        'x = """\n    python c.py --z\n"""\n'
        'def f():\n    """\n    >>> python_thing()\n    env python d.py --w\n    """\n'
    )
    assert lines(source) == [
        [(2, "    $ ", "python a.py \\"), (3, "", "      --x 1")],
        [(5, "    ", "CUDA_VISIBLE_DEVICES=0 torchrun b.py --y")],
        [(13, "    ", "env python d.py --w")],
    ]


def test_a_file_that_does_not_parse_has_none() -> None:
    assert docstring_blocks('"""\npython a.py --x\n"""\ndef (:\n') == []
