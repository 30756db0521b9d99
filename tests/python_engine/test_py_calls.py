"""Call keywords: qualified-name patterns, each operation, splatted dicts, refusals (exact output)."""

from __future__ import annotations

from pathlib import Path

from pyengine import dedent, migrate

RENAME = """
name: t
rules:
  - id: dt
    rename: torch_dtype
    to: dtype
    calls: ["transformers.AutoModel*.from_pretrained", "transformers.pipeline"]
"""


def test_rename_resolves_aliases_and_leaves_shadowed_and_unrelated_callees(tmp_path: Path) -> None:
    source = """
    import transformers as tf
    from transformers import pipeline as make_pipeline, AutoModelForCausalLM as M
    from transformers import AutoTokenizer
    from mylib import AutoModel


    def shadowed(M):
        M.from_pretrained("x", torch_dtype="auto")  # a parameter, not the import


    def loads():
        tf.AutoModel.from_pretrained("x", torch_dtype="auto")
        make_pipeline("text-generation", torch_dtype='auto')
        M.from_pretrained("x",
            torch_dtype = "auto",  # spacing and comment kept
        )
        AutoTokenizer.from_pretrained("x", torch_dtype="auto")
        AutoModel.from_pretrained("x", torch_dtype="auto")  # mylib's, not transformers'
        return "torch_dtype", lambda: M.from_pretrained("y", torch_dtype=1)
    """
    out = migrate(tmp_path, RENAME, {"m.py": source}, "m.py")
    assert out.text == dedent(source).replace(
        'tf.AutoModel.from_pretrained("x", torch_dtype', 'tf.AutoModel.from_pretrained("x", dtype'
    ).replace("torch_dtype='auto'", "dtype='auto'").replace("torch_dtype = ", "dtype = ").replace("torch_dtype=1", "dtype=1")
    assert out.changes == [
        "13 dt: renamed keyword torch_dtype to dtype",
        "14 dt: renamed keyword torch_dtype to dtype",
        "16 dt: renamed keyword torch_dtype to dtype",
        "20 dt: renamed keyword torch_dtype to dtype",
    ]
    assert out.diagnostics == []


def test_any_receiver_pattern_matches_dotted_text_when_unresolvable(tmp_path: Path) -> None:
    pack = RENAME.replace('["transformers.AutoModel*.from_pretrained", "transformers.pipeline"]', '["*.from_pretrained"]')
    out = migrate(tmp_path, pack, {"m.py": "model.base.from_pretrained(p, torch_dtype=x)\nload(torch_dtype=x)\n"}, "m.py")
    assert out.text == "model.base.from_pretrained(p, dtype=x)\nload(torch_dtype=x)\n"


def test_rename_onto_a_keyword_already_passed_is_an_error(tmp_path: Path) -> None:
    source = "from transformers import AutoModel\nAutoModel.from_pretrained('a', torch_dtype=1, dtype=2)\n"
    out = migrate(tmp_path, RENAME, {"m.py": source}, "m.py")
    assert out.text == source
    assert out.diagnostics == ["m.py:2: dt: cannot rename keyword torch_dtype to dtype: the call already passes dtype"]


SPLATS = """
name: t
rules:
  - id: dt
    rename: torch_dtype
    to: dtype
    calls: ["transformers.AutoModelForCausalLM.from_pretrained"]
"""


def test_dicts_splatted_into_a_matching_call_follow_and_others_stay(tmp_path: Path) -> None:
    source = """
    from transformers import AutoModelForCausalLM


    def load(path):
        kw = {"torch_dtype": "auto", "device_map": "auto"}
        kw2 = dict(torch_dtype="auto")
        kw3 = {}
        kw3["torch_dtype"] = "auto"
        kw4: dict = {}
        kw4.update(torch_dtype=1)
        kw4.update({'torch_dtype': 2})
        other = {"torch_dtype": "x"}
        AutoModelForCausalLM.from_pretrained(path, **kw)
        AutoModelForCausalLM.from_pretrained(path, **kw2, **kw3)
        AutoModelForCausalLM.from_pretrained(path, **kw4)
        return other["torch_dtype"]


    def elsewhere():
        kw = {"torch_dtype": "auto"}  # never splatted into a matching call
        return kw
    """
    out = migrate(tmp_path, SPLATS, {"m.py": source}, "m.py")
    want = dedent(source)
    for old, new in [
        ('{"torch_dtype": "auto", "device', '{"dtype": "auto", "device'),
        ("dict(torch_dtype=", "dict(dtype="),
        ('kw3["torch_dtype"]', 'kw3["dtype"]'),
        ("update(torch_dtype=1)", "update(dtype=1)"),
        ("{'torch_dtype': 2}", "{'dtype': 2}"),
    ]:
        want = want.replace(old, new)
    assert out.text == want
    assert [c.split(":")[0] for c in out.changes] == ["6 dt", "7 dt", "9 dt", "11 dt", "12 dt"]


MAP = """
name: t
rules:
  - id: fa2
    map: use_flash_attention_2
    to: attn_implementation
    values: {true: flash_attention_2, false: eager}
    calls: ["*.from_pretrained"]
"""


def test_map_literals_and_non_literal_flags(tmp_path: Path) -> None:
    source = """
    M.from_pretrained("a", use_flash_attention_2=True)
    M.from_pretrained("a", use_flash_attention_2=False)
    M.from_pretrained("a", use_flash_attention_2=args.flag)
    M.from_pretrained("a", use_flash_attention_2="maybe")
    """
    out = migrate(tmp_path, MAP, {"m.py": source}, "m.py")
    assert out.text == dedent("""
    M.from_pretrained("a", attn_implementation="flash_attention_2")
    M.from_pretrained("a", attn_implementation="eager")
    M.from_pretrained("a", attn_implementation="flash_attention_2" if args.flag else "eager")
    M.from_pretrained("a", use_flash_attention_2="maybe")
    """)
    assert out.diagnostics == [
        "m.py:5: fa2: warning: keyword use_flash_attention_2='maybe' is not in `values`; left as it is (needs a person)"
    ]


def test_map_of_a_non_literal_without_true_false_values_is_left_for_a_person(tmp_path: Path) -> None:
    pack = MAP.replace("{true: flash_attention_2, false: eager}", "{fa2: flash_attention_2, plain: sdpa}")
    source = "M.from_pretrained('a', use_flash_attention_2=impl)\n"
    out = migrate(tmp_path, pack, {"m.py": source}, "m.py")
    assert out.text == source
    assert out.diagnostics == [
        "m.py:1: fa2: warning: keyword use_flash_attention_2=impl is not a literal and `values` is not true/false; "
        "left for a person"
    ]


def test_map_onto_a_keyword_already_passed_is_an_error(tmp_path: Path) -> None:
    source = "M.from_pretrained('a', use_flash_attention_2=True, attn_implementation='sdpa')\n"
    out = migrate(tmp_path, MAP, {"m.py": source}, "m.py")
    assert out.text == source
    assert out.diagnostics == [
        "m.py:1: fa2: cannot map keyword use_flash_attention_2 to attn_implementation: "
        "the call already passes attn_implementation"
    ]


EDITS = """
name: t
rules:
  - id: low
    remove: low_cpu_mem_usage
    calls: ["*.from_pretrained"]
  - id: attn
    add: attn_implementation
    default: sdpa
    calls: ["*.from_pretrained"]
  - id: rev
    coerce: revision
    to: str
    calls: ["*.from_pretrained"]
"""


def test_remove_add_and_coerce_keep_the_call_layout(tmp_path: Path) -> None:
    source = """
    M.from_pretrained(low_cpu_mem_usage=True)
    M.from_pretrained("a", low_cpu_mem_usage=True, revision=3)
    M.from_pretrained("a", revision='1.0', low_cpu_mem_usage=True)
    M.from_pretrained(
        "a",
        low_cpu_mem_usage=True,  # this comment leaves with its keyword
        revision=2,
    )
    M.from_pretrained("a", **kw)
    M.from_pretrained("a", attn_implementation="eager")
    """
    out = migrate(tmp_path, EDITS, {"m.py": source}, "m.py")
    assert out.text == dedent("""
    M.from_pretrained(attn_implementation="sdpa")
    M.from_pretrained("a", revision="3", attn_implementation="sdpa")
    M.from_pretrained("a", revision='1.0', attn_implementation="sdpa")
    M.from_pretrained(
        "a",
        revision="2",
        attn_implementation="sdpa",
    )
    M.from_pretrained("a", **kw)
    M.from_pretrained("a", attn_implementation="eager")
    """)
    assert out.diagnostics == [
        "m.py:10: attn: warning: not adding attn_implementation=...: the call splats **kwargs, which may already carry it"
    ]
    # lines of the file as read: `rev` runs after `low` removed line 7, and revision=2 is still line 8
    assert out.changes == [
        "2 low: removed keyword low_cpu_mem_usage",
        "3 low: removed keyword low_cpu_mem_usage",
        "4 low: removed keyword low_cpu_mem_usage",
        "7 low: removed keyword low_cpu_mem_usage",
        "2 attn: added keyword attn_implementation",
        "3 attn: added keyword attn_implementation",
        "4 attn: added keyword attn_implementation",
        "5 attn: added keyword attn_implementation",
        "3 rev: coerced keyword revision to str",
        "8 rev: coerced keyword revision to str",
    ]


def test_coerce_that_cannot_be_done_is_an_error_and_non_literals_a_warning(tmp_path: Path) -> None:
    pack = 'name: t\nrules:\n  - {id: rev, coerce: revision, to: bool, calls: ["*.from_pretrained"]}\n'
    source = "M.from_pretrained('a', revision='maybe')\nM.from_pretrained('a', revision=r)\n"
    out = migrate(tmp_path, pack, {"m.py": source}, "m.py")
    assert out.text == source
    assert out.diagnostics == [
        "m.py:1: rev: cannot coerce keyword revision: 'maybe' is not a boolean (true/false/yes/no/on/off/1/0)",
        "m.py:2: rev: warning: keyword revision=r is not a literal; left for a person",
    ]


def test_a_file_that_does_not_parse_is_an_error_with_its_line(tmp_path: Path) -> None:
    source = "import transformers\n\ndef f(:\n    pass\n"
    out = migrate(tmp_path, RENAME, {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (source, [])
    assert out.diagnostics == ["m.py:3: cannot parse: invalid syntax; left as it was"]


def test_a_splatted_dict_that_also_reads_the_old_key_is_left_and_reported(tmp_path: Path) -> None:
    source = """
    from transformers import AutoModelForCausalLM


    def load(path, kwargs):
        torch_dtype = kwargs.get("torch_dtype")
        if isinstance(torch_dtype, str):
            kwargs["torch_dtype"] = getattr(torch, torch_dtype)
        return AutoModelForCausalLM.from_pretrained(path, **kwargs)
    """
    out = migrate(tmp_path, SPLATS, {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (dedent(source), [])
    assert out.diagnostics == [
        "m.py:6: dt: warning: kwargs is splatted into a matching call but also read as kwargs['torch_dtype'] here; "
        "its key torch_dtype is left for a person"
    ]


def test_a_non_literal_condition_is_parenthesized_by_precedence(tmp_path: Path) -> None:
    source = """
    M.from_pretrained("a", use_flash_attention_2=fast if on_gpu else False)
    M.from_pretrained("a", use_flash_attention_2=lambda: 1)
    M.from_pretrained("a", use_flash_attention_2=a or b)
    """
    out = migrate(tmp_path, MAP, {"m.py": source}, "m.py")
    assert out.text == dedent("""
    M.from_pretrained("a", attn_implementation="flash_attention_2" if (fast if on_gpu else False) else "eager")
    M.from_pretrained("a", attn_implementation="flash_attention_2" if (lambda: 1) else "eager")
    M.from_pretrained("a", attn_implementation="flash_attention_2" if a or b else "eager")
    """)
    assert out.changes == [f"{n} fa2: mapped keyword use_flash_attention_2 to attn_implementation" for n in (2, 3, 4)]


def test_the_same_edit_reached_by_two_routes_is_one_edit_and_one_change(tmp_path: Path) -> None:
    pack = RENAME.replace('["transformers.AutoModel*.from_pretrained", "transformers.pipeline"]', '["*.from_pretrained", "dict"]')
    source = """
    def load(args):
        kw = dict(torch_dtype=args.torch_dtype)
        a = b = {"torch_dtype": "auto"}
        M.from_pretrained(args.path, **kw)
        M.from_pretrained(args.path, **a)
        return M.from_pretrained(args.path, **b)
    """
    out = migrate(tmp_path, pack, {"m.py": source}, "m.py")
    assert out.text == dedent(source).replace("dict(torch_dtype", "dict(dtype").replace('{"torch_dtype"', '{"dtype"')
    assert out.changes == [
        "3 dt: renamed keyword torch_dtype to dtype",
        "4 dt: renamed key torch_dtype of a dict splatted into a matching call",
    ]
    assert out.diagnostics == []
