"""The house rules on imports: layers top to bottom are shells → stages → store → models, and a
layer imports only the ones below it. Every module under infolib/ is parsed with ``ast``
(imports at module level and inside functions, absolute and relative, ``from infolib import X``
through the package's lazy exports, and ``importlib.import_module("infolib.…")``)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.paths import ROOT

# Which layer each part of the package is in (the longest matching name wins).
LAYERS = {
    "infolib.cli": "shell",
    "infolib.widgets": "shell",
    "infolib.display": "shell",
    "infolib.research": "stage",
    "infolib.planning": "stage",
    "infolib.outreach": "stage",
    "infolib.referrals": "stage",
    "infolib.brief": "stage",
    "infolib.fields": "stage",
    "infolib.demo": "stage",
    "infolib.store": "store",
    "infolib.web": "web",  # reading the site: anyone may use it; it uses only the base
    "infolib.models": "base",
    "infolib.errors": "base",
    "infolib.config": "base",
    "infolib.files": "base",
    "infolib.terminal": "base",
    "infolib._version": "base",
}

# What each layer must never import, and why.
FORBIDDEN = {
    "shell": {},
    "stage": {"shell": "stages never import a shell (the CLI or the widgets call them)"},
    "store": {"stage": "the store never imports a stage: it returns models",
              "shell": "the store never imports a shell",
              "web": "the store never reads the web"},
    "web": {"stage": "web reads the site and imports no stage",
            "store": "web reads the site and imports no store",
            "shell": "web imports no shell"},
    "base": {"stage": "models, errors, config, files and terminal import no stage",
             "store": "models, errors, config, files and terminal import no store",
             "web": "models, errors, config, files and terminal import no web",
             "shell": "models, errors, config, files and terminal import no shell"},
}

# infolib/__init__.py only names its lazy exports (strings, not imports): it is in no layer.
EXEMPT = {"infolib"}


@dataclass(frozen=True)
class Violation:
    where: str  # file:line
    importer: str
    imported: str
    rule: str

    def __str__(self) -> str:
        if self.imported == "-":
            return f"{self.where}: {self.importer}: {self.rule}"
        return f"{self.where}: {self.importer} imports {self.imported}: {self.rule}"


def layer_of(module: str) -> str | None:
    """The layer of a dotted module name, or None for a module in no layer."""
    matches = [name for name in LAYERS if module == name or module.startswith(name + ".")]
    return LAYERS[max(matches, key=len)] if matches else None


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def lazy_exports(package: Path) -> dict[str, str]:
    """``_EXPORTS`` of the package's __init__.py: the name → the module it comes from."""
    init = package / "__init__.py"
    if not init.exists():
        return {}
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in node.targets):
            return ast.literal_eval(node.value)
    return {}


def imports_of(path: Path, module: str, root: str, exports: dict[str, str]):
    """(line, imported module) for every import in the file, wherever it sits in the file."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            if base == root:  # from infolib import X: X's own module, through the lazy exports
                for alias in node.names:
                    yield node.lineno, exports.get(alias.name, f"{root}.{alias.name}")
            else:
                yield node.lineno, base
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and _called(node.func) in ("import_module", "__import__")):
            yield node.lineno, node.args[0].value


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def check_layers(package: Path) -> list[Violation]:
    """Every import in the package (a folder such as infolib/) that breaks a house rule."""
    root = package.name
    exports = lazy_exports(package)
    found = []
    for path in sorted(package.rglob("*.py")):
        importer = module_name(path, package)
        if importer in EXEMPT:
            continue
        layer = layer_of(importer)
        shown = path.relative_to(package.parent).as_posix()
        if layer is None:
            found.append(Violation(f"{shown}:1", importer, "-",
                                   "this module is in no layer: add it to LAYERS in "
                                   "tests/test_layers.py (or move it where it belongs)"))
            continue
        for line, imported in imports_of(path, importer, root, exports):
            if imported != root and not imported.startswith(root + "."):
                continue  # the standard library and third-party packages
            target = layer_of(imported)
            if imported in EXEMPT:
                rule = f"import {root} names no layer; import from the module itself"
            elif target is None:
                rule = f"{imported} is in no layer: add it to LAYERS in tests/test_layers.py"
            else:
                rule = FORBIDDEN[layer].get(target)
            if rule:
                found.append(Violation(f"{shown}:{line}", importer, imported,
                                       f"{layer} → {target or '?'}: {rule}"))
    return found


def report(violations: list[Violation]) -> str:
    return f"{len(violations)} import(s) break the layering:\n" + "\n".join(
        f"  {v}" for v in violations)


def test_every_module_imports_only_the_layers_below_it():
    package = ROOT / "infolib"
    # the checker read the real package (an empty pass over a wrong folder would prove nothing)
    modules = {module_name(path, package) for path in package.rglob("*.py")}
    assert {"infolib.cli", "infolib.planning.gaps", "infolib.store.workbook"} <= modules
    violations = check_layers(package)
    assert violations == [], report(violations)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "infolib"


FAKE = {
    "infolib/__init__.py": '_EXPORTS = {"find_gaps": "infolib.planning.gaps"}\n',
    "infolib/models.py": "",
    "infolib/planning/__init__.py": "",
    "infolib/planning/gaps.py": "from infolib.store import x\nfrom infolib.models import Page\n",
    "infolib/store/__init__.py": "",
    "infolib/web/__init__.py": "",
    "infolib/cli.py": "import infolib.planning.gaps\n",
}


def test_the_checker_reports_a_store_importing_a_stage_inside_a_function(tmp_path):
    package = write(tmp_path, {**FAKE, "infolib/store/x.py": (
        '"""A store module."""\n\nfrom infolib.models import Page\n\n\ndef load():\n'
        '    from infolib.planning.gaps import find_gaps\n    return find_gaps\n')})
    violations = check_layers(package)
    assert [str(v) for v in violations] == [
        "infolib/store/x.py:7: infolib.store.x imports infolib.planning.gaps: store → stage: "
        "the store never imports a stage: it returns models"]
    message = report(violations)
    assert "1 import(s) break the layering" in message and "infolib/store/x.py:7" in message


def test_the_checker_sees_every_way_of_importing(tmp_path):
    package = write(tmp_path, {**FAKE, "infolib/store/x.py": "\n".join([
        "import infolib.planning.gaps",  # 1
        "from infolib.planning import gaps",  # 2
        "from ..planning import gaps",  # 3: relative
        "from infolib import find_gaps",  # 4: a lazy export, from planning
        "import importlib",  # 5
        "importlib.import_module('infolib.cli')",  # 6: a shell, by name
        "if True:",
        "    from infolib.web import fetch",  # 8
        "from . import schema",  # 9: the store itself: allowed
        "from infolib.models import Page",  # 10: allowed
        ""]),
        "infolib/web/fetch.py": "def f():\n    from infolib.store.x import y\n",
        "infolib/models.py": "import infolib.web\n",
        "infolib/helpers.py": "",
    })
    found = {(v.where, v.imported) for v in check_layers(package)}
    assert found == {
        ("infolib/store/x.py:1", "infolib.planning.gaps"),
        ("infolib/store/x.py:2", "infolib.planning"),
        ("infolib/store/x.py:3", "infolib.planning"),
        ("infolib/store/x.py:4", "infolib.planning.gaps"),
        ("infolib/store/x.py:6", "infolib.cli"),
        ("infolib/store/x.py:8", "infolib.web"),
        ("infolib/web/fetch.py:2", "infolib.store.x"),
        ("infolib/models.py:1", "infolib.web"),
        ("infolib/helpers.py:1", "-"),  # a module in no layer is reported, not ignored
    }
