"""The project's namespaces and prefixes as plain strings, and where the ontology's files are.

What a reader of results needs without rdflib: ``kg query`` answered by Oxigraph prints IRIs
shortened with these prefixes and never imports rdflib (:mod:`kg.outputs.results`).
:mod:`kg.rdf.namespace` builds rdflib's namespaces on the same strings.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["CAMEO_NS", "DEFAULT_BASE", "KG_NS", "PLOVER_NS", "PREFIXES", "ontology_path"]

KG_NS = "https://w3id.org/kgnews/ontology#"
PLOVER_NS = "https://w3id.org/kgnews/plover#"
CAMEO_NS = "https://w3id.org/kgnews/cameo#"
DEFAULT_BASE = "https://w3id.org/kgnews/id/"
"""Where data IRIs (entities, documents, sentences, assertions) are minted unless --base says."""

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "plover": PLOVER_NS,
    "cameo": CAMEO_NS,
    "kgd": DEFAULT_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
}
"""Prefix -> namespace for every vocabulary kg writes; ``kgd`` is the default data base."""


def shorten_iri(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``iri`` under the longest matching prefix (a display form, not always a valid Turtle
    name), or as it is when no prefix matches."""
    best = ""
    best_prefix = ""
    for prefix, namespace in (prefixes or PREFIXES).items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, best_prefix = namespace, prefix
    return f"{best_prefix}:{iri[len(best) :]}" if best else iri


def ontology_path(name: str = "kg.ttl") -> Traversable:
    """Return a file shipped in the ``kg.ontology`` package (the repository's ``ontology/``).

    Going through importlib.resources keeps this working for an installed wheel as well as for
    an editable checkout.
    """
    return resources.files("kg.ontology") / name
