"""Argument positions as data: spaCy ``DependencyMatcher`` patterns from ``ontology/patterns.json``.

Each pattern says where one kind of argument of a word sits in the parse: "the subject of the
trigger", "the object of a preposition on it", "the subject of the clause that controls it". A
pattern is a DependencyMatcher pattern (``RIGHT_ID``/``RIGHT_ATTRS`` nodes joined by ``REL_OP``)
whose first node, ``trigger``, is the word asked about, plus a few fields of kg's own:

* ``name`` — unique and versioned (``agent.subject.v1``); a change of behaviour is a new version;
* ``role`` — what the pattern finds (``agent``, ``patient``, ``prep`` ...);
* ``arg`` — the node that is the argument (default ``arg``); ``key`` — a node whose lower-case
  text keys the match (the preposition of a ``prep`` match);
* ``tier`` — within a role, the lowest tier that finds something wins ("the passive 'by' agent,
  else the subject, else ..."); ``voice`` — ``passive`` or ``active``: the pattern applies only
  to triggers of that voice (decided by the ``passive`` role), since a pattern cannot say that a
  dependent is absent;
* ``then`` — the argument is found again through this role from the matched token ("the agent
  of a controlled verb is the agent of the verb controlling it"); ``conjuncts`` — the argument's
  conjuncts count as well.

The patterns are loaded into a spaCy ``DependencyMatcher`` to check them, and matched lazily from
the token asked about: extraction asks about a few words per sentence, and matching every pattern
over every sentence costs more than the whole extraction budget (see ``bench/extraction.py``). A
test checks that both find the same matches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from kg.errors import OntologyError
from kg.lexicon import read_vocabulary

ANCHOR = "trigger"
VOICES = ("passive", "active")
PASSIVE_ROLE = "passive"
_ATTRIBUTES: dict[str, Callable[[Token], str]] = {
    "DEP": lambda t: t.dep_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_,
    "ORTH": lambda t: t.text,
    "ENT_TYPE": lambda t: t.ent_type_,
}
_OPERATORS = (">", "<")
_FIELDS = {"name", "role", "pattern", "arg", "key", "tier", "voice", "then", "conjuncts"}


@dataclass(frozen=True)
class Node:
    """One node of a pattern: its name, the node it hangs from and how, what the token must be."""

    name: str
    left: str | None
    op: str | None
    tests: tuple[tuple[Callable[[Token], str], str, frozenset[str]], ...]

    def accepts(self, token: Token) -> bool:
        for attribute, kind, values in self.tests:
            value = attribute(token)
            if (kind == "NOT_IN") == (value in values):
                return False
        return True


@dataclass(frozen=True)
class Pattern:
    """A loaded pattern (see the module docstring for the fields)."""

    name: str
    role: str
    nodes: tuple[Node, ...]
    arg: str = "arg"
    key: str | None = None
    tier: int = 0
    voice: str | None = None
    then: str | None = None
    conjuncts: bool = False
    spec: str = "[]"  # the DependencyMatcher pattern as written, as JSON

    def matches(self, token: Token, tree: Tree | None = None) -> Iterator[dict[str, Token]]:
        """Every binding of the nodes with ``token`` as the trigger (DependencyMatcher's)."""
        if self.nodes[0].accepts(token):
            yield from self._extend({ANCHOR: token}, 1, tree or Tree())

    def _extend(
        self, bound: dict[str, Token], index: int, tree: Tree
    ) -> Iterator[dict[str, Token]]:
        if index == len(self.nodes):
            yield bound
            return
        node = self.nodes[index]
        left = bound[node.left]
        candidates = tree.children(left) if node.op == ">" else tree.head(left)
        for candidate in candidates:
            if node.accepts(candidate):
                yield from self._extend({**bound, node.name: candidate}, index + 1, tree)


class Tree:
    """The children and head of each token of one parse, looked up once: spaCy makes a new
    Token object on every step through the tree, and the patterns step through it often."""

    def __init__(self) -> None:
        self._children: dict[int, list[Token]] = {}
        self._heads: dict[int, list[Token]] = {}

    def children(self, token: Token) -> list[Token]:
        found = self._children.get(token.i)
        if found is None:
            found = self._children[token.i] = list(token.children)
        return found

    def head(self, token: Token) -> list[Token]:
        """The head, or nothing for the root."""
        found = self._heads.get(token.i)
        if found is None:
            head = token.head
            found = self._heads[token.i] = [head] if head.i != token.i else []
        return found


def _tests(name: str, attrs: dict[str, Any]) -> tuple:
    tests = []
    for attr, value in attrs.items():
        if attr not in _ATTRIBUTES:
            raise OntologyError(f"pattern {name}: attribute {attr!r} is not supported")
        if isinstance(value, str):
            tests.append((_ATTRIBUTES[attr], "IN", frozenset([value])))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in {"IN", "NOT_IN"}:
            kind, values = next(iter(value.items()))
            tests.append((_ATTRIBUTES[attr], kind, frozenset(values)))
        else:
            raise OntologyError(f"pattern {name}: {attr} must be a string, IN or NOT_IN")
    return tuple(tests)


def _pattern(spec: dict[str, Any]) -> Pattern:
    name = spec.get("name", "")
    unknown = set(spec) - _FIELDS
    if unknown:
        raise OntologyError(f"pattern {name or spec}: unknown fields {sorted(unknown)}")
    if not isinstance(name, str) or not name.rpartition(".v")[2].isdigit():
        raise OntologyError(f"pattern name {name!r} must end in a version, like 'agent.subject.v1'")
    nodes = []
    for index, item in enumerate(spec["pattern"]):
        if index == 0 and (item.get("RIGHT_ID") != ANCHOR or "LEFT_ID" in item):
            raise OntologyError(f"pattern {name}: the first node must be {ANCHOR!r}")
        if index and item.get("REL_OP") not in _OPERATORS:
            raise OntologyError(f"pattern {name}: only the operators {_OPERATORS} are supported")
        attrs = item.get("RIGHT_ATTRS", {})
        nodes.append(
            Node(item["RIGHT_ID"], item.get("LEFT_ID"), item.get("REL_OP"), _tests(name, attrs))
        )
    names = [node.name for node in nodes]
    pattern = Pattern(
        name=name,
        role=spec["role"],
        nodes=tuple(nodes),
        arg=spec.get("arg", "arg"),
        key=spec.get("key"),
        tier=int(spec.get("tier", 0)),
        voice=spec.get("voice"),
        then=spec.get("then"),
        conjuncts=bool(spec.get("conjuncts", False)),
        spec=json.dumps(spec["pattern"]),
    )
    if pattern.arg not in names or (pattern.key is not None and pattern.key not in names):
        raise OntologyError(f"pattern {name}: 'arg' and 'key' must name nodes of the pattern")
    if pattern.voice is not None and pattern.voice not in VOICES:
        raise OntologyError(f"pattern {name}: voice must be one of {VOICES}")
    return pattern


class PatternSet:
    """The argument patterns, by role, each role's patterns in tier order."""

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        self.patterns = patterns
        roles: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            roles.setdefault(pattern.role, []).append(pattern)
        self._roles = {role: tuple(sorted(p, key=lambda p: p.tier)) for role, p in roles.items()}

    def role(self, role: str) -> tuple[Pattern, ...]:
        return self._roles.get(role, ())

    def matcher(self, vocab: Vocab) -> DependencyMatcher:
        """The patterns in a spaCy DependencyMatcher, one match key per pattern name."""
        matcher = DependencyMatcher(vocab, validate=True)
        for pattern in self.patterns:
            matcher.add(pattern.name, [json.loads(pattern.spec)])
        return matcher


def parse_patterns(data: dict[str, Any]) -> PatternSet:
    """Check and load patterns (the content of ``patterns.json``); a repeated name is an error."""
    try:
        patterns = tuple(_pattern(spec) for spec in data["patterns"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise OntologyError(f"argument patterns are malformed: {exc!r}") from exc
    seen: set[str] = set()
    for pattern in patterns:
        if pattern.name in seen:
            raise OntologyError(f"argument pattern {pattern.name!r} is defined twice")
        seen.add(pattern.name)
    roles = {p.role for p in patterns}
    for pattern in patterns:
        if pattern.then is not None and pattern.then not in roles:
            raise OntologyError(f"pattern {pattern.name}: 'then' names no role ({pattern.then!r})")
    loaded = PatternSet(patterns)
    try:
        loaded.matcher(Vocab())  # spaCy's own check of every pattern
    except ValueError as exc:
        raise OntologyError(f"argument patterns are not DependencyMatcher patterns: {exc}") from exc
    return loaded


@lru_cache(maxsize=4)
def load_patterns(folder: str | None = None) -> PatternSet:
    """The patterns of ``patterns.json`` in ``folder``, by default the installed ontology."""
    try:
        data = json.loads(read_vocabulary("patterns.json", folder))
    except ValueError as exc:
        raise OntologyError(f"patterns.json is not JSON: {exc}") from exc
    return parse_patterns(data)


class Arguments:
    """The arguments of the words of one document, found by the patterns and remembered.

    ``get(token, "agent")`` gives the tokens the ``agent`` patterns lead to from ``token``;
    ``get(head, "prep", "with")`` the objects of its "with" phrases.
    """

    def __init__(self, patterns: PatternSet) -> None:
        self.patterns = patterns
        self._found: dict[tuple[int, str], list[tuple[str | None, Token]]] = {}
        self._args: dict[tuple[int, str, str | None], list[Token]] = {}  # get's answers
        self._tree = Tree()

    def get(self, token: Token, role: str, key: str | None = None) -> list[Token]:
        here = (token.i, role, key)
        args = self._args.get(here)
        if args is None:
            found = self._found.get((token.i, role))
            if found is None:
                found = self._get(token, role, frozenset())[0]
            args = [arg for k, arg in found if key is None or k == key]
            if (token.i, role) in self._found:  # complete, so it will not change
                self._args[here] = args
        return list(args)

    def keyed(self, token: Token, role: str) -> list[tuple[str | None, Token]]:
        """(key, argument) pairs: ("on", went) for "strike" in "went on strike"."""
        return list(self._get(token, role, frozenset())[0])

    def has(self, token: Token, role: str) -> bool:
        return bool(self._get(token, role, frozenset())[0])

    def closure(self, token: Token, role: str) -> list[Token]:
        """The arguments, their arguments in the same role, and so on ("offered to help defend")."""
        found: list[Token] = []
        todo = self.get(token, role)
        while todo:
            current = todo.pop(0)
            if current not in found:
                found.append(current)
                todo.extend(self.get(current, role))
        return found

    def _get(
        self, token: Token, role: str, visiting: frozenset[tuple[int, str]]
    ) -> tuple[list[tuple[str | None, Token]], bool]:
        """The (key, argument) pairs, and whether they are complete: a search that ran into
        itself through ``then`` is cut there, and then not remembered."""
        here = (token.i, role)
        cached = self._found.get(here)
        if cached is not None:
            return cached, True
        if here in visiting:
            return [], False
        visiting = visiting | {here}
        found: list[tuple[str | None, Token]] = []
        complete = True
        tier: int | None = None
        voice = None
        for pattern in self.patterns.role(role):
            if tier is not None and pattern.tier != tier:
                break  # a lower tier found something
            if pattern.voice is not None:
                if voice is None:
                    passive, done = self._get(token, PASSIVE_ROLE, visiting)
                    voice, complete = ("passive" if passive else "active"), complete and done
                if pattern.voice != voice:
                    continue
            for binding in pattern.matches(token, self._tree):
                key = binding[pattern.key].lower_ if pattern.key else None
                args = [binding[pattern.arg]]
                if pattern.then:
                    pairs, done = self._get(args[0], pattern.then, visiting)
                    args, complete = [arg for _, arg in pairs], complete and done
                if pattern.conjuncts:
                    args = [c for a in args for c in (a, *a.conjuncts)]
                found.extend((key, a) for a in args if (key, a) not in found)
            if found:
                tier = pattern.tier
        if complete:
            self._found[here] = found
        return found, complete
