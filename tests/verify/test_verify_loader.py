"""`verify --class` imports as Python would from the project root, and `verify --loader` runs the
project's own loading code on every config in scope, each failure at the offending key's line."""

from __future__ import annotations

import json
from pathlib import Path

from casefolders import invoke

FIXTURES = Path(__file__).parent / "fixtures"
LOADER = FIXTURES / "loaderproj"


def items(project: Path, *args: str) -> tuple[int, list[dict]]:
    r = invoke(["verify", "--format", "json", *args], project)
    return r.exit_code, json.loads(r.stdout)["items"]


def test_a_class_whose_package_imports_it_back() -> None:
    # mega/core/__init__.py imports the module that is asked for, which imports ..parallel:
    # loaded as a bare file, the class is not defined yet when the package asks for it
    ref = "mega/core/transformer/config.py::TransformerConfig"
    code, [item] = items(FIXTURES / "nsproj", "--config", "run.yaml", "--class", ref)
    assert (code, item["reason"]) == (1, "1 problem")
    assert item["problems"] == ["run.yaml:3: TransformerConfig.batch_p2p_comm: Input should be a valid boolean (got 'False')"]


def test_a_src_layout_with_absolute_imports() -> None:
    code, [item] = items(FIXTURES / "srcproj", "--config", "model.yaml", "--class", "src/store/model.py::Model")
    assert (code, item["ok"], item["reason"]) == (0, True, "loads")


def test_the_pack_names_the_loader() -> None:
    code, found = items(LOADER, "-r", "pack.yaml")
    assert code == 1
    assert [(i["target"], i["ok"]) for i in found] == [
        ("examples/debug/no_flash.yaml -> trainer.configs.registry:Registry.parse_config", False),
        ("examples/debug/unknown_arch.yaml -> trainer.configs.registry:Registry.parse_config", False),
        ("examples/good.yaml -> trainer.configs.registry:Registry.parse_config", True),
    ]
    assert found[0]["problems"] == [
        "examples/debug/no_flash.yaml:4: model.attention has no key 'use_flash': KeyError: 'use_flash'"
        " (raised at trainer/configs/parsers/model_parser.py:6)"
    ]
    assert found[1]["problems"] == [
        "examples/debug/unknown_arch.yaml:2: model.architecture: ValueError: Unknown architecture: gpt5"
        " (raised at trainer/configs/registry.py:16)"
    ]


def test_loader_from_the_command_line_on_given_paths() -> None:
    args = ["--loader", "trainer.configs.registry:Registry.parse_config"]
    args += ["--loader-arg", "model_parser=trainer.configs.parsers.model_parser:ModelParser", "examples/good.yaml"]
    code, found = items(LOADER, *args)
    assert (code, [(i["target"], i["reason"]) for i in found]) == (
        0,
        [("examples/good.yaml -> trainer.configs.registry:Registry.parse_config", "loads")],
    )


def test_a_broken_loader_is_the_finding() -> None:
    code, found = items(LOADER, "--loader", "trainer/configs/registry.py::load", "examples/good.yaml")
    assert code == 1
    assert found[0]["problems"] == [
        "examples/good.yaml: TypeError: Registry.__init__() missing 1 required positional argument: 'model_parser'"
        " (raised at trainer/configs/registry.py:21)"
    ]


def test_loader_names_that_do_not_resolve() -> None:
    cases = {
        "trainer.configs.registry:Nope": "cannot build the loader: trainer.configs.registry:Nope: module trainer.configs.registry has no 'Nope'",
        "no_such_module:load": "cannot build the loader: no_such_module: import failed: ModuleNotFoundError: No module named 'no_such_module'",
        "trainer.configs.registry": "cannot build the loader: trainer.configs.registry: name it as MODULE:FUNCTION or FILE.py::FUNCTION",
    }
    for spec, reason in cases.items():
        code, found = items(LOADER, "--loader", spec, "examples/good.yaml")
        assert (code, found[0]["reason"]) == (1, reason)
    r = invoke(["verify", "--loader", "x:y", "--loader-arg", "oops"], LOADER)
    assert r.exit_code == 2 and "--loader-arg 'oops': write it as NAME=MODULE:Callable" in r.stderr
