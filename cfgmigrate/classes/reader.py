"""The class reader: a class and the bases it inherits from, followed through imports into other
files of the project and into installed packages, and merged in method resolution order as
dataclasses and pydantic merge fields (a subclass's override keeps the base field's position)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path

from cfgmigrate.classes.fields import is_dataclass_decorated, is_transform_decorated, kw_only_decorated, own_fields
from cfgmigrate.classes.locate import module_file, search_path
from cfgmigrate.classes.model import ConfigClass, Field
from cfgmigrate.classes.modules import Imported, Module, imported_file, name_as_module, parse_module
from cfgmigrate.classes.mro import linearize

ENUM_BASES = {"Enum", "StrEnum", "IntEnum"}
PYDANTIC_ROOTS = {"BaseModel", "BaseSettings", "RootModel"}
PYDANTIC = "pydantic"
IGNORED = ""  # a base that holds no fields (object, a stdlib class such as abc.ABC or typing.Generic)
MAX_DEPTH = 12  # re-exports followed through at most this many modules
Found = tuple[Module, ast.ClassDef]


class ClassReader:
    """Reads classes of the project at ``root``; bases are looked for in ``root``, ``root/src``,
    ``extra_paths`` and the interpreter's path, in that order. Parsed files are kept.

    ``source(relpath)``: the text of a project file as the caller read it (an engine's prepare()
    is handed the files; None: read it from disk); files outside the root are read from disk."""

    def __init__(self, root: Path, extra_paths: tuple[Path, ...] = (), source: Callable[[str], str | None] | None = None) -> None:
        self.root = root.resolve()
        self.paths = search_path(self.root, extra_paths)
        self.source = source
        self._modules: dict[Path, Module | None] = {}
        self._done: dict[tuple[Path, int], tuple[ConfigClass, list[ConfigClass]]] = {}
        self._transform: set[tuple[Path, int]] = set()

    def load(self, path: Path) -> Module:
        """The parsed file; raises OSError, UnicodeDecodeError, SyntaxError or ValueError."""
        path = path.resolve()
        if self._modules.get(path) is None:
            given = (
                self.source(path.relative_to(self.root).as_posix()) if self.source and path.is_relative_to(self.root) else None
            )
            self._modules[path] = parse_module(path, given)
        return self._modules[path]  # type: ignore[return-value]

    def module(self, path: Path) -> Module | None:
        """The parsed file, or None when it cannot be read or parsed."""
        try:
            return self.load(path)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            self._modules[path.resolve()] = None
            return None

    def field_class(self, cls: ConfigClass, name: str) -> ConfigClass | None:
        """The config class a field's annotation names (``data: DataConfig``,
        ``Optional[mod.MoEConfig]``), resolved in the file that declares the field."""
        f = cls.fields.get(name)
        if f is None:
            return None
        module = self.module(Path(f.path) if Path(f.path).is_absolute() else self.root / f.path)
        try:
            expr = _optional_inner(ast.parse(f.annotation, mode="eval").body)
        except SyntaxError:
            return None
        found = self._resolve(module, expr, 0) if module and expr is not None else None
        if not isinstance(found, tuple):
            return None
        inner = self._read(*found, frozenset())[0]
        return inner if inner.kind != "class" else None

    def read(self, file: str | Path, name: str) -> ConfigClass | None:
        """The class ``name`` defined in ``file`` (relative to the root, or absolute)."""
        module = self.module(self.root / file)
        if module is None:
            return None
        node = module.classes.get(name) or next(
            (n for n in ast.walk(module.tree) if isinstance(n, ast.ClassDef) and n.name == name), None
        )
        return None if node is None else self._read(module, node, frozenset())[0]

    def read_dotted(self, dotted: str) -> ConfigClass | None:
        """An installed or project class by its import name: ``transformers.LlamaConfig``."""
        module_name, _, name = dotted.rpartition(".")
        file = module_file(module_name, self.paths) if module_name else None
        module = self.module(file) if file else None
        found = self._lookup(module, name, 0) if module else None
        return self._read(*found, frozenset())[0] if isinstance(found, tuple) else None

    def class_named(self, file: str | Path, expr: ast.expr) -> ConfigClass | None:
        """The class (config class or not) that a name or attribute in ``file`` denotes."""
        module = self.module(self.root / file)
        found = self._resolve(module, expr, 0) if module else None
        return self._read(*found, frozenset())[0] if isinstance(found, tuple) else None

    def enum_values(self, cls: ConfigClass) -> list[object] | None:
        """The member values of an ``enum.Enum`` subclass (``GPT2 = "gpt2"``), None for other classes."""
        if not any(_tail(ast.parse(b, mode="eval").body) in ENUM_BASES for b in cls.bases):
            return None
        module = self.module(Path(cls.path) if Path(cls.path).is_absolute() else self.root / cls.path)
        node = (
            next((n for n in ast.walk(module.tree) if isinstance(n, ast.ClassDef) and n.lineno == cls.line), None)
            if module
            else None
        )
        values: list[object] = []
        for stmt in node.body if node else []:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                values.append(stmt.value.value)
        return values

    def config_classes(self, file: str | Path) -> list[ConfigClass]:
        """Every dataclass and pydantic model that ``file`` defines (nested classes too)."""
        module = self.module(self.root / file)
        if module is None:
            return []
        found = [self._read(module, n, frozenset())[0] for n in ast.walk(module.tree) if isinstance(n, ast.ClassDef)]
        return [c for c in found if c.kind != "class"]

    def shown(self, path: Path) -> str:
        """A file as reports name it: relative to the root when inside it."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def _read(
        self, module: Module, node: ast.ClassDef, seen: frozenset[tuple[Path, int]]
    ) -> tuple[ConfigClass, list[ConfigClass]]:
        """(the class, its linearization); cached per definition."""
        key = (module.path, node.lineno)
        if key in self._done:
            return self._done[key]
        bases, unresolved, pydantic = [], [], False
        for expr in node.bases:
            found = self._resolve(module, expr, 0)
            if isinstance(found, tuple) and (found[0].path, found[1].lineno) not in seen | {key}:
                bases.append(self._read(*found, seen | {key}))
            elif found == PYDANTIC or (isinstance(found, str) and found and _tail(expr) in PYDANTIC_ROOTS):
                pydantic = True
            elif isinstance(found, str) and found:
                unresolved.append(self._unresolved(module, node, expr, found))
        return self._build(module, node, bases, unresolved, pydantic)

    def _build(
        self,
        module: Module,
        node: ast.ClassDef,
        bases: list[tuple[ConfigClass, list[ConfigClass]]],
        unresolved: list[str],
        pydantic: bool,
    ) -> tuple[ConfigClass, list[ConfigClass]]:
        key, path = (module.path, node.lineno), self.shown(module.path)
        pydantic = pydantic or any(b.kind == PYDANTIC for b, _ in bases)
        transform = is_transform_decorated(node) or any((self._key(b)) in self._transform for _, lin in bases for b in lin)
        kind = PYDANTIC if pydantic else "dataclass" if is_dataclass_decorated(node) or transform else "class"
        if is_transform_decorated(node):
            self._transform.add(key)
        order, inconsistent = linearize([lin for _, lin in bases])
        if inconsistent:
            unresolved.append(f"{path}:{node.lineno}: {node.name}: its bases have no consistent method resolution order")
        fields: dict[str, Field] = {}
        for base in reversed(order):
            if base.kind != "class":
                fields.update(base.fields)
        if kind != "class":
            fields.update((f.name, f) for f in own_fields(node, path, kind == PYDANTIC))
        inherited_unresolved = tuple(u for b in order for u in b.unresolved)
        cls = ConfigClass(
            node.name,
            path,
            node.lineno,
            kind,
            fields,
            tuple(ast.unparse(b) for b in node.bases),
            tuple(dict.fromkeys((*unresolved, *inherited_unresolved))),
            kw_only_decorated(node),
            _own_init(node, kind, order),
        )
        self._done[key] = (cls, [cls, *order])
        return self._done[key]

    def _beside(self, importer: Path, entry: Imported) -> Path | None:
        """An absolute import of a project nested below the root (``tests/fixtures/proj``): looked
        for from the importing file's folders, as when its own folder is the working directory."""
        if entry.level or not entry.module or not importer.is_relative_to(self.root):
            return None
        folders = tuple(p for p in importer.parents if p.is_relative_to(self.root) and p != self.root)
        return imported_file(importer, entry, folders)

    def _key(self, cls: ConfigClass) -> tuple[Path, int]:
        path = Path(cls.path) if Path(cls.path).is_absolute() else self.root / cls.path
        return (path.resolve(), cls.line)

    def _unresolved(self, module: Module, node: ast.ClassDef, expr: ast.expr, why: str) -> str:
        return f"{self.shown(module.path)}:{node.lineno}: {node.name} inherits from {ast.unparse(expr)}, {why}: its fields are left out"

    def _resolve(self, module: Module, expr: ast.expr, depth: int) -> Found | str:
        """The class a base expression names, or why not (IGNORED for fieldless roots)."""
        if isinstance(expr, ast.Subscript):  # Generic[T], Mixin[Model]
            return self._resolve(module, expr.value, depth)
        if isinstance(expr, ast.Name):
            return self._lookup(module, expr.id, depth)
        if isinstance(expr, ast.Attribute):
            owner = self._module_named(module, ast.unparse(expr.value))
            if isinstance(owner, str):
                return owner
            return self._lookup(owner, expr.attr, depth + 1)
        return "which is not a class name"

    def _lookup(self, module: Module, name: str, depth: int) -> Found | str:
        if name in module.classes:
            return module, module.classes[name]
        if depth > MAX_DEPTH:
            return f"which is re-exported through more than {MAX_DEPTH} modules"
        entry = module.imports.get(name)
        if entry is not None and entry.name is not None:
            top = (entry.module or "").split(".")[0]
            if entry.level == 0 and top in sys.stdlib_module_names:
                return IGNORED
            if top in ("pydantic", "pydantic_settings") and entry.name in PYDANTIC_ROOTS:
                return PYDANTIC
            file = imported_file(module.path, entry, self.paths) or self._beside(module.path, entry)
            target = self.module(file) if file else None
            if target is None:
                return f"which is imported from {'.' * entry.level}{entry.module or ''}, not found on the search path"
            return self._lookup(target, entry.name, depth + 1)
        for star in module.star:
            file = imported_file(module.path, star, self.paths)
            target = self.module(file) if file and _may_bind(file, name) else None
            found = self._lookup(target, name, depth + 1) if target else ""
            if isinstance(found, tuple):
                return found
        return (
            IGNORED
            if name in dir(__builtins__) or name == "object"
            else f"which {self.shown(module.path)} neither defines nor imports"
        )

    def _module_named(self, module: Module, dotted: str) -> Module | str:
        """The module an attribute's owner names: ``dataclasses``, ``pkg.mod``, an alias."""
        head, _, rest = dotted.partition(".")
        entry = module.imports.get(dotted)
        if entry is not None:
            rest = ""
        else:
            entry = module.imports.get(head)
        if entry is None:
            return f"whose module {dotted} {self.shown(module.path)} does not import"
        if entry.level == 0 and (entry.module or "").split(".")[0] in sys.stdlib_module_names:
            return IGNORED
        if entry.name is None:
            file = module_file(f"{entry.module}.{rest}" if rest else entry.module or "", self.paths)
        else:
            file = None if rest else name_as_module(module.path, entry, self.paths)
        target = self.module(file) if file else None
        return target if target is not None else f"whose module {dotted} is not found on the search path"


def _tail(expr: ast.expr) -> str:
    return ast.unparse(expr.value if isinstance(expr, ast.Subscript) else expr).split(".")[-1]


def _optional_inner(expr: ast.expr) -> ast.expr | None:
    """``Optional[X]``, ``X | None``, ``'X'`` -> X; None for unions of several classes."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        try:
            return _optional_inner(ast.parse(expr.value, mode="eval").body)
        except SyntaxError:
            return None
    if isinstance(expr, ast.Subscript) and _tail(expr.value) == "Optional":
        return _optional_inner(expr.slice)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        sides = [e for e in (expr.left, expr.right) if not (isinstance(e, ast.Constant) and e.value is None)]
        return _optional_inner(sides[0]) if len(sides) == 1 else None
    return expr if isinstance(expr, (ast.Name, ast.Attribute)) else None


def _may_bind(file: Path, name: str) -> bool:
    """A package's ``__init__`` may re-export anything; another module binds ``name`` only if its
    text says it (a cheap look before parsing a large module in a ``*`` import chain)."""
    if file.name == "__init__.py":
        return True
    try:
        return name in file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _own_init(node: ast.ClassDef, kind: str, order: list[ConfigClass]) -> bool:
    """Whether the constructor is a hand-written ``__init__`` (``BitsAndBytesConfig``): one in the
    class body wins (a dataclass keeps it); a plain class takes its first base's."""
    if any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__" for s in node.body):
        return True
    if kind != "class":
        return False
    return next((b.own_init for b in order if b.own_init or b.kind != "class"), False)
