"""Stores chosen by name with ``--store SPEC``, each backend imported only when it is used.

``memory`` is the files of ``kg build -o DIR`` (read back with ``--in FILE``);
``oxigraph:DIR`` a persistent on-disk Oxigraph store; ``sparql:QUERY_URL[,UPDATE_URL]`` any
SPARQL 1.1 endpoint. Like rdflib's plugins, a backend is a module named here and imported by
:func:`open_store`, so ``kg --help`` never loads pyoxigraph.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import StoreError

if TYPE_CHECKING:  # the backends import rdflib; parsing a spec does not
    from kg.store.base import GraphStore

__all__ = ["FORMS", "StoreSpec", "open_store", "parse_spec"]

#: The backend modules by name; each has ``open_store(argument, *, create, read_only)``.
_BACKENDS = {"oxigraph": "kg.store.oxigraph", "sparql": "kg.store.sparql"}

FORMS = "memory, oxigraph:DIR or sparql:QUERY_URL[,UPDATE_URL]"
"""The accepted spellings of a store, for messages."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store``: the backend's name and what follows its colon."""

    name: str
    argument: str = ""

    @property
    def is_files(self) -> bool:
        """Whether the graph lives in files (``memory``): read with --in, written with -o."""
        return self.name == "memory"


def parse_spec(spec: str) -> StoreSpec:
    """``spec`` as a StoreSpec, or StoreError naming the accepted forms."""
    name, colon, argument = spec.partition(":")
    if name == "memory" and not colon:
        return StoreSpec("memory")
    if name in _BACKENDS and argument.strip():
        return StoreSpec(name, argument.strip())
    if name in _BACKENDS:
        raise StoreError(f"store {spec!r} names no location; use {FORMS}")
    raise StoreError(f"unknown store {spec!r}; use {FORMS}")


def open_store(
    spec: str | StoreSpec, *, create: bool = False, read_only: bool = False
) -> GraphStore:
    """Open the store ``spec`` names; ``create`` makes an on-disk store that is not there yet;
    ``read_only`` opens it beside the process that writes it (``kg serve`` beside a build)."""
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    if parsed.is_files:
        raise StoreError("the memory store is files: read them with --in FILE")
    module = importlib.import_module(_BACKENDS[parsed.name])
    return module.open_store(parsed.argument, create=create, read_only=read_only)
