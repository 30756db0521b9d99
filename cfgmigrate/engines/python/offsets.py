"""``ast`` positions (line, UTF-8 byte column) <-> string indexes, and indexes -> (line, column)."""

from __future__ import annotations

import ast
import re
from bisect import bisect_right

_NEWLINE = re.compile(r"\r\n|\r|\n")  # Python's line ends; str.splitlines also splits on \x0c, \u2028...


class Offsets:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        if self.starts[-1] < len(text):
            self.starts.append(len(text))

    def at(self, line: int, col: int) -> int:
        start = self.starts[line - 1]
        row = self.text[start : self.starts[line] if line < len(self.starts) else len(self.text)]
        if row.isascii():
            return start + col
        return start + len(row.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def start(self, node: ast.AST) -> int:
        return self.at(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.at(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def source(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def line_of(self, index: int) -> int:
        """The 1-based line that holds the string index ``index``."""
        return min(bisect_right(self.starts, index), max(len(self.starts) - 1, 1))
