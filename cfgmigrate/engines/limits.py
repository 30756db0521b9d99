"""Limits that keep hostile config files from hanging or crashing a run.

* Nesting deeper than :data:`MAX_DEPTH` is refused from the text, before any parser sees it (50,000
  nested ``[`` crash the C parser with SIGSEGV; a few hundred exhaust Python's recursion limit).
* Aliases whose expansion adds more than :data:`MAX_ALIAS_EXPANSION` nodes to those written are
  refused (the "billion laughs" file: a few hundred bytes of nested aliases that expand to billions
  of nodes), counted on the composed node graph without expanding it, like YAML libraries that
  refuse such inputs. A large file without aliases is not limited.
"""

from __future__ import annotations

import re
from functools import cache

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from cfgmigrate.engines.textdoc import TooBig

MAX_DEPTH = 200
MAX_ALIAS_EXPANSION = 200_000
_FLOW = re.compile(r"[\[\]{}\n]")


def check_depth(text: str) -> None:
    """Raise TooBig when the text may nest deeper than MAX_DEPTH (checked on text only)."""
    opens = text.count("[") + text.count("{")
    if opens <= MAX_DEPTH and len(text) <= MAX_DEPTH:
        return
    if opens <= MAX_DEPTH and _leading_run(_bucket(MAX_DEPTH - opens + 1)).search(text) is None:
        return  # each block level needs a column of indentation or a "- ": no way to get deeper
    depth, line = _deepest(text)
    if depth > MAX_DEPTH:
        raise TooBig(f"refused: nested deeper than {MAX_DEPTH} levels", line)


def _bucket(length: int) -> int:
    """``length`` rounded down to a multiple of 16 (at least 1): no line starting with that many
    blanks still rules the depth out, and a run compiles a dozen patterns at most, not one for every
    count of brackets its files have (15 patterns, 5 ms, over 449 configs)."""
    return max(1, length // 16 * 16)


@cache
def _leading_run(length: int) -> re.Pattern[str]:
    """A line that starts with ``length`` blanks or dashes (more indentation than some depth)."""
    return re.compile(r"^[ \t-]{" + str(length) + "}", re.M)


def _deepest(text: str) -> tuple[int, int]:
    """The deepest nesting (flow brackets on top of block indentation levels) and its line; stops at
    the first line deeper than MAX_DEPTH."""
    best, best_line, flow, line, indents = 0, 1, 0, 1, [0]
    for raw in text.split("\n"):
        stripped = raw.lstrip(" -\t")
        if stripped and not stripped.startswith("#") and flow == 0:
            col = len(raw) - len(raw.lstrip(" "))
            while len(indents) > 1 and col < indents[-1]:
                indents.pop()
            if col > indents[-1]:
                indents.append(col)
            dashes = raw[: len(raw) - len(stripped)].count("-")
            block = len(indents) + dashes
        else:
            block = len(indents)
        for m in _FLOW.finditer(raw):
            flow += 1 if m.group() in "[{" else -1
            if block + flow > best:
                best, best_line = block + flow, line
                if best > MAX_DEPTH:
                    return best, line
        flow = max(flow, 0)
        if block > best:
            best, best_line = block, line
        if best > MAX_DEPTH:
            break  # the first line that goes too deep
        line += 1
    return best, best_line


def check_expansion(docs: list[Node], text: str | None = None) -> None:
    """Raise TooBig when aliases would add more than MAX_ALIAS_EXPANSION nodes to a full read
    (a text without ``*`` has no alias, nor one without ``&``: an alias names an anchor written
    before it, and an undefined one fails to compose; nothing to count)."""
    if text is not None and ("*" not in text or "&" not in text):
        return
    sizes: dict[int, int] = {}
    total = sum(_expanded_size(doc, sizes) for doc in docs)
    if total - len(sizes) > MAX_ALIAS_EXPANSION:
        raise TooBig(
            f"refused: its aliases expand {len(sizes):,} written nodes by more than {MAX_ALIAS_EXPANSION:,} (an alias bomb)"
        )


def _expanded_size(root: Node, sizes: dict[int, int]) -> int:
    """Nodes a full read of ``root`` creates, each shared node counted once per use (memoised)."""
    stack: list[tuple[Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        kids = _children(node)
        if children_done or not kids:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(k)] for k in kids)  # Python ints: 9**9 is cheap
            continue
        if id(node) in open_nodes:
            raise TooBig("refused: an alias refers to a node that contains it (a recursive alias)")
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []
