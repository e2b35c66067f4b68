"""What every store backend offers: SPARQL SELECT, one SPARQL update per transaction, and its
quads. The incremental build and ``kg remove`` (:mod:`kg.store.incremental`) speak only this.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from rdflib import Dataset, Node
from rdflib.query import Result

__all__ = ["GraphStore", "Row"]

Row = dict[str, Node]


class GraphStore(ABC):
    """A store of named graphs; ``update`` is atomic: all of it is written or none."""

    #: How the store was named (``oxigraph:DIR`` ...), for messages.
    spec: str

    @abstractmethod
    def select(self, sparql: str) -> list[Row]:
        """The solutions of a SELECT query, each variable bound to an rdflib term."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update (several operations joined by ``;``) as one transaction."""

    @abstractmethod
    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        """Every quad of the named graphs, as rdflib terms (subject, predicate, object, graph)."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (an on-disk store's lock)."""

    def dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset, for readers that need rdflib (validation, the
        view, the scorers)."""
        from kg.rdf.namespace import bind_prefixes
        from kg.store.files import new_dataset

        ds = new_dataset()
        ds.addN((s, p, o, ds.graph(g)) for s, p, o, g in self.quads())
        return bind_prefixes(ds)

    def named_graphs(self) -> frozenset[str]:
        """The names of the store's graphs, the only ones a query's FROM may name."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return frozenset(str(row["g"]) for row in rows)

    def answer(self, sparql: str, *, allow_remote: bool = False) -> Result:
        """The result of a read-only query over the union of the graphs, prefixes bound, once
        kg's guard has passed it (:func:`kg.outputs.query.run_store_query`). By default
        through rdflib over :meth:`dataset`, confined to it unless ``allow_remote``; a backend
        that queries natively does."""
        from contextlib import nullcontext

        from kg.rdf.guard import confined
        from kg.rdf.namespace import PREFIXES

        dataset = self.dataset()
        with nullcontext() if allow_remote else confined():
            return dataset.query(sparql, initNs=PREFIXES)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
