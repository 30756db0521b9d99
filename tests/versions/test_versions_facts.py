"""Version facts in rule packs: validation with file and line, and what the runtime rules carry."""

from __future__ import annotations

import pytest

from cfgmigrate.pack import PackError, load_builtin_pack, load_pack_text
from cfgmigrate.versions.facts import VersionFacts, newest_versions

HEAD = "name: p\ndistributions: [Transformers]\nrules:\n  - id: r\n    rename: a.b\n    to: c\n"


def problems(text: str) -> list[str]:
    with pytest.raises(PackError) as e:
        load_pack_text(text, "p.yaml")
    return [d.render() for d in e.value.diagnostics]


def test_facts_compile_per_distribution() -> None:
    pack = load_pack_text(HEAD + '    versions: {transformers: {since: "4.56.0", deprecated: "4.56.0"}}\n', "p.yaml")
    assert pack.distributions == ("transformers",)
    assert pack.rules[0].versions == (VersionFacts("transformers", "4.56.0", "4.56.0", None),)
    assert newest_versions(pack.rules) == {"transformers": __import__("packaging.version").version.Version("4.56.0")}


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            "{transformers: {since: 4.50}}",
            'p.yaml:7: r: `versions.transformers.since`: quote the version: YAML reads 4.5 as a number (write "4.5")',
        ),
        ('{transformers: {since: "four"}}', "p.yaml:7: r: `versions.transformers.since`: 'four' is not a PEP 440 version"),
        (
            '{transformers: {since: "5.1", removed: "5.0"}}',
            "p.yaml:7: r: `versions.transformers`: since 5.1 comes after removed 5.0",
        ),
        ("{transformers: {}}", "p.yaml:7: r: `versions.transformers`: give at least one of since, deprecated, removed"),
        ('{transformers: {until: "5.0"}}', "p.yaml:7: r: unknown key `until`"),
        ('{torch: {since: "2.0"}}', "p.yaml:7: r: versions: 'torch' is not in the pack's `distributions` (listed: Transformers)"),
    ],
)
def test_bad_facts_name_file_line_and_rule(facts: str, message: str) -> None:
    assert problems(HEAD + f"    versions: {facts}\n") == [message]


def test_every_builtin_rule_carries_facts_and_cites_them() -> None:
    for name in ("transformers-v5", "megatron-config", "model-loading"):
        pack = load_builtin_pack(name)
        assert pack.distributions, name
        for rule in pack.rules:
            assert rule.versions, f"{name}/{rule.id} has no version facts"
            assert "Versions: " in rule.description, f"{name}/{rule.id} does not cite its version facts"
    for rule in load_builtin_pack("hf-llama-names").rules:
        assert "Versions: none apply" in rule.description


def test_rules_test_runs_a_case_at_its_folder_version_and_names_uncovered_ranges(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from casefolders import invoke

    pack = tmp_path / "p.yaml"
    pack.write_text(
        "name: p\ndistributions: [transformers]\nfiles: ['**/*.yaml']\nrules:\n  - id: r\n    rename: a.b\n    to: c\n"
        '    versions: {transformers: {since: "5.0.0"}}\n'
    )
    for case, after in (("new", "a:\n  c: 1\n"), ("old@transformers==4.57.6", "a:\n  b: 1\n")):
        for side, text in (("before", "a:\n  b: 1\n"), ("after", after)):
            (tmp_path / "tests" / "p" / case / side).mkdir(parents=True)
            (tmp_path / "tests" / "p" / case / side / "x.yaml").write_text(text)
    r = invoke(["rules", "test", str(pack)], tmp_path)
    assert (r.exit_code, r.stdout) == (
        0,
        "ok   p/new\nok   p/new (reverse)\nok   p/old@transformers==4.57.6\n3 passed, 0 failed\n",
    )
    import shutil

    shutil.rmtree(tmp_path / "tests" / "p" / "old@transformers==4.57.6")
    r = invoke(["rules", "test", str(pack)], tmp_path)
    assert (r.exit_code, r.stdout) == (
        1,
        "ok   p/new\nok   p/new (reverse)\nFAIL p/versions transformers: below 5.0.0: no case in this range: name one `<case>@NAME==VERSION`\n2 passed, 1 failed\n",
    )
