"""Scoring a built dataset against gold sets: facts as TSV (:mod:`kg.evaluate.facts`) and PLOVER
event records (:mod:`kg.evaluate.plover`).

May import: rdflib, :mod:`kg.rdf`, :mod:`kg.lexicon`, :mod:`kg.errors`, :mod:`kg.ingest` (its
date check). Never spaCy, :mod:`kg.extract` or :mod:`kg.nlp`: a graph is scored the same way
whatever built it.
"""
