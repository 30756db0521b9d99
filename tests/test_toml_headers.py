"""Tables renamed on their header lines (cfgmigrate/engines/toml/headers.py): exactly the key
segment that names the table, on each line that spells it."""

from __future__ import annotations

import tomlkit

from cfgmigrate.engines.toml.headers import rename

TEXT = """\
# [a.old] in a comment
[a.old.sub]            # a.old is only implied
x = 1
s = '''
[a.old.sub]
'''

[[runs]]
old = 1

[[runs]]
name = "second"

[runs.old]
y = 2

[b]
old.z = 3
"old".w = 4
"""


def test_an_implied_table_is_renamed_on_its_sub_table_headers_only() -> None:
    out = rename(TEXT, ("a", "old"), "new")
    assert out == TEXT.replace("[a.old.sub]            #", "[a.new.sub]            #")
    assert tomlkit.parse(out)["a"]["new"]["sub"]["s"] == "[a.old.sub]\n"


def test_an_array_of_tables_element_is_counted() -> None:
    assert rename(TEXT, ("runs", 1, "old"), "new") == TEXT.replace("[runs.old]", "[runs.new]")
    assert rename(TEXT, ("runs", 0, "old"), "new") == TEXT.replace("[[runs]]\nold = 1", "[[runs]]\nnew = 1")
    assert rename(TEXT, ("runs",), "jobs") == TEXT.replace("[[runs]]", "[[jobs]]").replace("[runs.old]", "[jobs.old]")


def test_dotted_keys_keep_their_quotes() -> None:
    out = rename(TEXT, ("b", "old"), "new key")
    assert out == TEXT.replace('old.z = 3\n"old".w', '"new key".z = 3\n"new key".w')
    assert tomlkit.parse(out)["b"]["new key"] == {"z": 3, "w": 4}
