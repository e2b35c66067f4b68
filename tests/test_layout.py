"""The layout's import rules, checked over the source of every module of the kg package.

Every import counts: at module level, inside a function (it runs when the function is first
called), under ``if TYPE_CHECKING``, relative ones, and ``importlib.import_module("...")`` with
a literal name. So does everything an import brings in: a rule is broken when a module reaches a
forbidden one through any chain of kg modules, and the message shows the chain with file and
line. The rules are the ones README.md states under "Layout"; each package's ``__init__``
docstring states those that apply to it.
"""

from __future__ import annotations

import ast
import tomllib
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE_DIRS = {"kg": ROOT / "kg", "kg.ontology": ROOT / "ontology"}
PYPROJECT = ROOT / "pyproject.toml"


@dataclass(frozen=True)
class Rule:
    """Modules under ``scope`` (other than ``exempt``) never reach a module under ``forbidden``
    (other than ``allowed``); with ``deferred_ok`` imports inside functions do not count."""

    scope: tuple[str, ...]
    forbidden: tuple[str, ...]
    why: str
    allowed: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()
    deferred_ok: bool = False


RULES = (
    Rule(
        ("kg.extract", "kg.nlp"),
        ("rdflib", "pyshacl", "owlrl"),
        "extraction gives plain dataclasses; only kg.rdf mints RDF",
    ),
    Rule(
        ("kg.rdf", "kg.store", "kg.outputs", "kg.evaluate", "kg.serve"),
        ("spacy", "kg.extract", "kg.nlp"),
        "reading a built graph never loads spaCy, so kg query and kg view start fast",
    ),
    Rule(
        ("kg.rdf",),
        ("kg.outputs", "kg.store", "kg.evaluate"),
        "the RDF model comes before the stages that store, show and score it",
    ),
    Rule(
        ("kg.store",),
        ("kg.outputs", "kg.evaluate"),
        "storing a graph comes before what is made of it",
    ),
    Rule(
        ("kg.serve",),
        ("kg.evaluate", "kg.api"),
        "the endpoint serves what kg.outputs and kg.rdf make of a graph, and never builds one",
    ),
    Rule(
        ("kg.model", "kg.errors"),
        ("kg",),
        "the dataclasses and errors that every stage shares depend on no stage",
        allowed=("kg.model", "kg.errors"),
    ),
    Rule(
        ("kg",),
        ("click",),
        "the CLI only parses and calls; the library never depends on it",
        exempt=("kg.cli", "kg.__main__"),
    ),
    Rule(
        ("kg.api", "kg.cli"),
        ("spacy", "kg.extract", "kg.nlp"),
        "they import the spaCy stages inside the functions that need them, so loading stays fast",
        deferred_ok=True,
    ),
)


@dataclass(frozen=True)
class Import:
    """One module an import statement brings in, and where the statement is."""

    target: str
    line: int
    deferred: bool  # inside a function


@dataclass(frozen=True, repr=False)
class Layout:
    """The modules of a package tree and what each one imports."""

    files: dict[str, Path]  # dotted name -> file (a package is its __init__.py)
    shown: dict[str, str]  # dotted name -> path as printed (kg/rdf/infer.py)
    imports: dict[str, list[Import]]

    def __repr__(self) -> str:  # short, for pytest's report of a failing test
        return f"Layout({len(self.files)} modules)"


def under(name: str, prefixes: tuple[str, ...]) -> bool:
    """Whether dotted ``name`` is one of ``prefixes`` or inside one of them."""
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _deferred_nodes(tree: ast.Module) -> set[int]:
    """The ids of the nodes inside a function body."""
    deferred = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            deferred |= {id(inner) for inner in ast.walk(node) if inner is not node}
    return deferred


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name that ``from <level dots><name> import ...`` means inside ``module``."""
    if level == 0:
        return name or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _import_module_name(node: ast.AST) -> str | None:
    """The literal module name of an ``importlib.import_module("...")`` call."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    first = node.args[0]
    if called == "import_module" and isinstance(first, ast.Constant):
        return first.value if isinstance(first.value, str) else None
    return None


def imports_of(module: str, path: Path, known: set[str]) -> list[Import]:
    """The modules that ``module``'s statements import, each with its parent packages in kg
    (importing kg.a.b runs kg/a/__init__.py first)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    deferred = _deferred_nodes(tree)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        elif name := _import_module_name(node):
            targets = [name]
        else:
            continue
        for target in dict.fromkeys(targets):
            parts = target.split(".")
            shortest = 2 if target.startswith("kg.") else 1
            for end in range(len(parts), shortest - 1, -1):
                found.append(Import(".".join(parts[:end]), node.lineno, id(node) in deferred))
    return found


def read_layout(package_dirs: dict[str, Path]) -> Layout:
    """Every module of the packages (a dotted package name -> its folder) and its imports."""
    files, shown = {}, {}
    for package, folder in package_dirs.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join((package, *parts))
            files[name], shown[name] = path, str(path.relative_to(folder.parent))
    known = set(files)
    return Layout(
        files, shown, {name: imports_of(name, path, known) for name, path in files.items()}
    )


def violations(rule: Rule, layout: Layout) -> list[str]:
    """One line per import statement through which a module of the rule's scope reaches a
    forbidden module, with the chain of imports that gets there."""
    found = []
    for start in sorted(layout.files):
        if not under(start, rule.scope) or under(start, rule.exempt):
            continue
        came_from: dict[str, tuple[str, Import] | None] = {start: None}
        reported = set()
        queue = deque([start])
        while queue:
            current = queue.popleft()
            for edge in layout.imports.get(current, ()):
                if (rule.deferred_ok and edge.deferred) or edge.target in came_from:
                    continue
                came_from[edge.target] = (current, edge)
                if under(edge.target, rule.forbidden) and not under(edge.target, rule.allowed):
                    if (current, edge.line) not in reported:
                        reported.add((current, edge.line))
                        found.append(f"{_chain(edge.target, came_from, layout)}: {rule.why}")
                elif edge.target in layout.files:
                    queue.append(edge.target)
    return found


def _chain(target: str, came_from: dict, layout: Layout) -> str:
    """``kg/rdf/infer.py:12 imports kg.outputs.query -> ...`` from the start to ``target``."""
    steps = []
    while came_from[target] is not None:
        source, edge = came_from[target]
        steps.append(f"{layout.shown[source]}:{edge.line} imports {target}")
        target = source
    return " -> ".join(reversed(steps))


@pytest.fixture(scope="module")
def layout() -> Layout:
    return read_layout(PACKAGE_DIRS)


def test_the_imports_of_every_module_are_read(layout: Layout) -> None:
    names = {"kg", "kg.cli", "kg.api", "kg.rdf", "kg.rdf.mapping", "kg.outputs.view", "kg.ontology"}
    assert names <= set(layout.files)
    assert any(e.target == "rdflib" and not e.deferred for e in layout.imports["kg.rdf.mapping"])
    assert any(e.target == "kg.extract" and e.deferred for e in layout.imports["kg.api"])


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: "+".join(rule.scope))
def test_import_rule(layout: Layout, rule: Rule) -> None:
    assert any(under(name, rule.scope) for name in layout.files), f"nothing under {rule.scope}"
    problems = violations(rule, layout)
    assert not problems, "\n".join(problems)


def test_the_rules_catch_deferred_relative_typing_dynamic_and_indirect_imports(tmp_path) -> None:
    """A small package that breaks the rules in each of the ways that are easy to miss."""
    files = {
        "kg/__init__.py": "",
        "kg/lexicon.py": "import spacy\n",
        "kg/model.py": "from kg.lexicon import Lexicon\n",
        "kg/api.py": "def build():\n    import spacy\n",  # deferred: allowed in kg.api
        "kg/rdf/__init__.py": "",
        "kg/rdf/infer.py": "def shorten():\n    from ..outputs import query\n",
        "kg/outputs/__init__.py": "",
        "kg/outputs/query.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    import click\n",
        "kg/store/__init__.py": "from kg import lexicon\n",
        "kg/evaluate/__init__.py": "import importlib\n\nimportlib.import_module('kg.extract')\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    fake = read_layout({"kg": tmp_path / "kg"})
    found = {line.split(": ")[0] for rule in RULES for line in violations(rule, fake)}
    assert found == {
        "kg/model.py:1 imports kg.lexicon",
        "kg/rdf/infer.py:2 imports kg.outputs.query",
        "kg/rdf/infer.py:2 imports kg.outputs.query -> kg/outputs/query.py:4 imports click",
        "kg/outputs/query.py:4 imports click",
        "kg/store/__init__.py:1 imports kg.lexicon -> kg/lexicon.py:1 imports spacy",
        "kg/evaluate/__init__.py:3 imports kg.extract",
    }


def test_every_package_is_installed_and_says_what_it_owns_and_may_import(layout: Layout) -> None:
    """pip installs the packages pyproject.toml lists; each docstring states its own rules."""
    listed = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    packages = {name for name, path in layout.files.items() if path.name == "__init__.py"}
    assert packages == set(listed), f"list {sorted(packages - set(listed))} in {PYPROJECT.name}"
    for name in sorted(packages):
        tree = ast.parse(layout.files[name].read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        assert len(doc.splitlines()[0] if doc else "") > 20, f"{layout.shown[name]}: what it owns?"
        assert "May import" in doc, f"{layout.shown[name]}: say what it may import"
        for rule in (rule for rule in RULES if name in rule.scope):
            missing = [module for module in rule.forbidden if module not in doc.lower()]
            assert not missing, f"{layout.shown[name]}: say that it never imports {missing}"
