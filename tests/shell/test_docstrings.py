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


def test_commands_on_the_quotes_lines_keep_the_quotes_out() -> None:
    source = (
        'def f():\n    """python a.py --x 1"""\n'
        'def g():\n    """Run: python a.py --x 2"""\n'
        "def h():\n    r'''torchrun a.py \\\n        --x 3'''\n"
        'def i():\n    """python a.py é --x 4"""\n'
    )
    assert lines(source) == [
        [(2, '    """', "python a.py --x 1")],
        [(4, '    """Run: ', "python a.py --x 2")],
        [(6, "    r'''", "torchrun a.py \\"), (7, "", "        --x 3")],
        [(9, '    """', "python a.py é --x 4")],
    ]


def test_rst_shell_blocks_take_every_command_and_console_blocks_their_prompts() -> None:
    source = (
        '"""Doc.\n\n.. code-block:: bash\n   :caption: x\n\n   time python a.py --x\n   # comment\n\n'
        ".. code-block:: console\n\n   $ trl sft --y\n   output --y\n\n.. code-block:: python\n\n   trl --z\n"
        'back to prose --z\n"""\n'
    )
    assert lines(source) == [[(6, "   ", "time python a.py --x")], [(11, "   $ ", "trl sft --y")]]


def test_rst_files_take_shell_blocks_literal_blocks_and_console_prompts() -> None:
    from cfgmigrate.engines.shell.rst_files import rst_blocks

    text = (
        "Train::\n\n    python a.py --x \\\n        --y\n    output --x\n\nProse: python a.py --x\n\n"
        ".. code-block:: console\n\n    > fairseq-train data \\\n        --x\n    | loading --x\n    % trl sft --x\n"
    )
    assert [[(h.line, h.keep, h.body) for h in block] for block in rst_blocks(text)] == [
        [(3, "    ", "python a.py --x \\"), (4, "", "        --y")],
        [(11, "    > ", "fairseq-train data \\"), (12, "", "        --x")],
        [(14, "    % ", "trl sft --x")],
    ]
