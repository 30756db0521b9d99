"""The libcst codemod equivalent to the benchmark's cfgmigrate rule (`torch_dtype` -> `dtype` in
calls matching `*.from_pretrained`), for `python -m libcst.tool codemod -x`. Benchmark use only."""

from __future__ import annotations

from fnmatch import fnmatchcase

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.helpers import get_full_name_for_node
from libcst.metadata import QualifiedNameProvider


class RenameTorchDtype(VisitorBasedCodemodCommand):
    DESCRIPTION = "Rename the torch_dtype keyword of *.from_pretrained calls to dtype."
    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        names = [q.name for q in self.get_metadata(QualifiedNameProvider, original.func, set())]
        names += [get_full_name_for_node(original.func) or ""]
        if not any(fnmatchcase(n, "*.from_pretrained") for n in names):
            return updated
        if any(a.keyword and a.keyword.value == "dtype" for a in updated.args):
            return updated
        return updated.with_changes(
            args=[
                a.with_changes(keyword=cst.Name("dtype")) if a.keyword and a.keyword.value == "torch_dtype" else a
                for a in updated.args
            ]
        )
