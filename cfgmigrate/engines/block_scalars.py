"""A new string value written into a block scalar (``|``, ``>-``, ``|+``) in the scalar's own style.

The header keeps its style, indentation indicator and comment; the chomping indicator changes only
when the new value's trailing newlines need another one; the content keeps its indentation and the
file's line ends (CRLF stays CRLF). The result is checked by parsing it: a value the style cannot
hold gives None, and the caller writes a quoted scalar instead.
"""

from __future__ import annotations

import re

from ruamel.yaml.nodes import ScalarNode

from cfgmigrate.engines.textdoc import DocumentError, Text, compose, content_end, properties
from cfgmigrate.types import Edit

_HEADER = re.compile(r"([|>])([1-9]?)([-+]?)([1-9]?)")


def rewrite(node: ScalarNode, new: str, text: Text) -> Edit | None:
    start, _ = properties(node, text)
    header_end = text.s.find("\n", start)
    m = _HEADER.match(text.s, start)
    if header_end < 0 or m is None:
        return None
    indent = _content_indent(node, text, header_end + 1)
    lines = _lines(m.group(1), new.rstrip("\n"))
    if indent is None or lines is None or (lines[0][:1] in (" ", "\t") and not (m.group(2) or m.group(4))):
        return None
    trailing = len(new) - len(new.rstrip("\n"))
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    header = m.group(1) + (m.group(2) or m.group(4)) + chomp + text.s[m.end() : header_end].rstrip("\r")
    body = "".join((" " * indent + line if line else "") + text.nl for line in lines) + text.nl * max(trailing - 1, 0)
    end = int(node.end_mark.index) if m.group(3) == "+" else text.line_end(content_end(node, text))
    if chomp == "+" and text.s[end : text.line_end(end)].strip() == "" and end < len(text.s):
        return None  # blank lines after it would join the kept trailing newlines
    if not _reads_back(header, body, text, new):
        return None
    return Edit(start, max(end, header_end + 1), header + text.nl + body)


def _content_indent(node: ScalarNode, text: Text, first: int) -> int | None:
    """The column of the first non-blank content line (None for an empty block)."""
    i = first
    while i < node.end_mark.index:
        line = text.line_text(i)
        if line.strip():
            return len(line) - len(line.lstrip(" "))
        i = text.line_end(i)
    return None


def _lines(style: str, body: str) -> list[str] | None:
    parts = body.split("\n")
    if any(c in body for c in "\r\t\x00"):
        return None
    if style == "|":
        return parts
    out = [parts[0]]
    for part in parts[1:]:  # folded: a line break is a blank line, and each empty line one more
        out.append("")
        if part:
            out.append(part)
    return out


def _reads_back(header: str, body: str, text: Text, new: str) -> bool:
    snippet = "k: " + header + text.nl + body
    try:
        docs = compose(snippet)
    except DocumentError:
        return False
    value = docs[0].value[0][1] if docs else None
    return isinstance(value, ScalarNode) and value.value == new
