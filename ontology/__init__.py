"""The kg ontology, SHACL shapes, trigger lexicon and example queries, shipped as package data.

May import: nothing. This package holds data files only; :mod:`kg.rdf.namespace` and
:mod:`kg.lexicon` read them with importlib.resources.
"""
