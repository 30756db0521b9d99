"""Control characters made visible in human-facing lines, so that a file name, rule id or message
cannot start a line of its own (a forged ``::error`` annotation in a CI log) or drive the terminal.

Stdlib only: the CLI imports it before any command runs."""

from __future__ import annotations

import re

NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
# C0 and C1 controls, DEL, line/paragraph separators and the bidirectional overrides ("Trojan source")
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ESCAPE_NEEDED = re.compile(CONTROLS.pattern[:-1] + '"\\\\]')


def escape_controls(text: str) -> str:
    """``text`` with every control character as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    return CONTROLS.sub(_escaped, text) if CONTROLS.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def git_quoted(path: str) -> str:
    """A path as git writes it in a diff header: as is, or C-quoted when it holds a control
    character, a quote or a backslash (non-ASCII then as octal UTF-8 bytes, which git apply reads)."""
    if not ESCAPE_NEEDED.search(path):
        return path
    out = []
    for byte in path.encode("utf-8", "surrogateescape"):
        char = chr(byte)
        if char in NAMED or char == '"':
            out.append(NAMED.get(char, '\\"'))
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
