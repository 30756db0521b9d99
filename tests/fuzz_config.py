"""Hostile and random config texts for fuzzing the YAML/JSON engines (shared by the bounded fuzz
test and the longer fuzz run: ``python tests/fuzz_config.py N``).

A text mixes what broke the engine before: anchors on keys and values, aliases, merge keys, flow
and block collections, sequence items, block scalars (``|``, ``>-``, ``|+``), custom tags, quoted
and escaped keys, huge numbers, comments, CRLF, no final newline, several documents; then a few
random characters may be inserted or deleted, so broken YAML is tried too. The one property: the
engine never raises, and whatever it writes re-reads as the reference transformation of the input.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cfgmigrate.engines import reference  # noqa: E402
from cfgmigrate.engines.config_engine import load_json, load_yaml  # noqa: E402
from cfgmigrate.engines.json_engine import ENGINE as JSON_ENGINE  # noqa: E402
from cfgmigrate.engines.yaml_engine import ENGINE as YAML_ENGINE  # noqa: E402
from cfgmigrate.keypath import KeyPath  # noqa: E402
from cfgmigrate.rules import Coerce, Map, Move, Remove, Rename, Rule  # noqa: E402
from cfgmigrate.types import Severity  # noqa: E402

KEYS = ["lr", "learning_rate", "a", "b", "m", "q", "name", "dtype", '"l\\u0072"', "'q'", "<<x"]
SCALARS = ["1", "0.5", "1e-4", "true", "off", "null", "q", "k", "'k'", '"q"', "bf16", "9" * 30, "!t 1", "~", "''"]
BLOCKS = ["|\n{i}  line one\n{i}  line two\n", ">-\n{i}  folded\n{i}  text\n", "|+\n{i}  kept\n\n"]
SPECIAL = list(" \n\t:-[]{}#&*!|>'\",?%@`<")

RULES: list[Rule] = [
    Rename(id="rn", path=KeyPath.parse("**.lr"), target=KeyPath.parse("learning_rate")),
    Rename(id="rk", path=KeyPath.parse("**.a"), target=KeyPath.parse("**.b"), on_conflict="keep"),
    Rename(id="rr", path=KeyPath.parse("**.q"), target=KeyPath.parse('**."<<"'), on_conflict="replace"),
    Remove(id="rm", path=KeyPath.parse("**.name")),
    Remove(id="ri", path=KeyPath.parse("**.m.0")),
    Move(id="mv", path=KeyPath.parse("dtype"), target=KeyPath.parse("model.dtype")),
    Coerce(id="cf", path=KeyPath.parse("**.learning_rate"), coerce_to="float"),
    Coerce(id="cb", path=KeyPath.parse("**.b"), coerce_to="bool"),
    Map(id="mp", path=KeyPath.parse("**.m.*"), values=(("q", "q_proj"), ("k", "k_proj")), otherwise="remove"),
    Map(id="ms", path=KeyPath.parse("**.q"), values=(("line one\nline two\n", "x\ny\n"), ("folded text", "z"))),
]


class Writer:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd, self.anchors, self.maps, self.n = rnd, [], [], 0

    def mapping(self, indent: int, depth: int) -> str:
        out, pad = [], " " * indent
        if self.maps and self.rnd.random() < 0.3:
            out.append(f"{pad}<<: *{self.rnd.choice(self.maps)}\n")
        for _ in range(self.rnd.randint(1, 4)):
            if self.rnd.random() < 0.15:
                out.append(f"{pad}# note\n")
            key = self.rnd.choice(KEYS)
            if self.rnd.random() < 0.1:
                key = f"&k{self._next()} {key}"
            out.append(f"{pad}{key}:{self.value(indent, depth)}")
        return "".join(out)

    def value(self, indent: int, depth: int) -> str:
        r, pad = self.rnd.random(), " " * (indent + 2)
        anchor = ""
        if self.rnd.random() < 0.15:
            anchor = f" &a{self._next()}"
        if r < 0.1 and self.anchors:
            return f" *{self.rnd.choice(self.anchors)}\n"
        if r < 0.3 and depth < 4:
            body = self.mapping(indent + 2, depth + 1)
            if anchor:
                self.maps.append(anchor[2:])  # after its body: an alias inside it would be recursive
            return f"{anchor}\n" + body
        if r < 0.4 and depth < 4:
            items = "".join(f"{pad}- {self.rnd.choice(SCALARS)}\n" for _ in range(self.rnd.randint(1, 3)))
            return f"{anchor}\n{items}"
        if r < 0.5:
            return f"{anchor} [" + ", ".join(self.rnd.choice(SCALARS[:10]) for _ in range(self.rnd.randint(0, 3))) + "]\n"
        if r < 0.55:
            return f"{anchor} {{lr: 1, name: x,\n{pad}q: k,\n{pad}}}\n"
        if r < 0.65:
            return f"{anchor} " + self.rnd.choice(BLOCKS).replace("{i}", " " * indent)
        self._remember(anchor)
        return f"{anchor} {self.rnd.choice(SCALARS)}{'  # c' if self.rnd.random() < 0.2 else ''}\n"

    def _next(self) -> int:
        self.n += 1
        return self.n

    def _remember(self, anchor: str) -> None:
        if anchor:
            self.anchors.append(anchor[2:])


def hostile_yaml(rnd: random.Random) -> str:
    w = Writer(rnd)
    docs = [w.mapping(0, 0) for _ in range(rnd.choice([1, 1, 1, 2]))]
    text = ("---\n" if len(docs) > 1 else "") + "---\n".join(docs)
    return _finish(rnd, text)


def hostile_json(rnd: random.Random) -> str:
    def data(depth: int) -> Any:
        if depth > 3 or rnd.random() < 0.4:
            return rnd.choice([1, 0.5, True, None, "q", "k", 10**30])
        if rnd.random() < 0.3:
            return [data(depth + 1) for _ in range(rnd.randint(0, 3))]
        return {rnd.choice(["lr", "a", "b", "m", "q", "name", "dtype"]): data(depth + 1) for _ in range(rnd.randint(1, 4))}

    text = json.dumps({"m": data(1), **{k: data(1) for k in ("lr", "a", "q")}}, indent=rnd.choice([None, 2]))
    return _finish(rnd, text.replace('"lr"', '"l\\u0072"', rnd.randint(0, 1)) + "\n")


def _finish(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.choice([0, 0, 0, 1, 2, 3])):  # a few random edits: broken input too
        i = rnd.randrange(len(text) + 1)
        text = text[:i] + rnd.choice(SPECIAL) + text[i:] if rnd.random() < 0.6 else text[:i] + text[i + 1 :]
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if rnd.random() < 0.1:
        text = text.rstrip("\n")
    return text


def check_one(text: str, rules: tuple[Rule, ...], dialect: str) -> str:
    """The property: no exception, and a written file reads back as the reference transformation.
    Returns what happened: ``changed``, ``refused`` (an error diagnostic) or ``unchanged``."""
    engine, load = (YAML_ENGINE, load_yaml) if dialect == "yaml" else (JSON_ENGINE, load_json)
    result = engine.migrate("f." + dialect, text, rules)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.new_text == text:
        return "refused" if errors else "unchanged"
    assert not errors, [d.render() for d in errors]
    body = text.removeprefix("\ufeff")
    expected = reference.transform(load(body), tuple(r for r in rules if engine.wants(r)))
    got = load(result.new_text.removeprefix("\ufeff"))
    assert json.dumps(got, sort_keys=True, default=repr) == json.dumps(expected, sort_keys=True, default=repr)
    engine.migrate("f." + dialect, result.new_text, rules)  # the output is input too
    return "changed"


def one_case(rnd: random.Random) -> tuple[str, tuple[Rule, ...], str]:
    dialect = "yaml" if rnd.random() < 0.8 else "json"
    text = hostile_yaml(rnd) if dialect == "yaml" else hostile_json(rnd)
    return text, tuple(rnd.sample(RULES, rnd.randint(1, 3))), dialect


def main(n: int, seed: int) -> int:
    rnd, failures, slowest, start = random.Random(seed), 0, 0.0, time.perf_counter()
    outcomes: dict[str, int] = {}
    for i in range(n):
        text, rules, dialect = one_case(rnd)
        t0 = time.perf_counter()
        try:
            outcome = check_one(text, rules, dialect)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        except Exception as e:  # noqa: BLE001 - counting failures is the point
            failures += 1
            if failures <= 5:
                print(f"FAIL #{i} [{', '.join(r.id for r in rules)}] {type(e).__name__}: {str(e)[:300]}\n{text!r}\n")
        slowest = max(slowest, time.perf_counter() - t0)
    took = time.perf_counter() - start
    seen = ", ".join(f"{v} {k}" for k, v in sorted(outcomes.items()))
    print(f"{n} inputs (seed {seed}): {seen}; {failures} failures; slowest {slowest:.2f} s, {took:.0f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 0))
