"""The RDF stage: the ontology's terms, the model of a built dataset, minting, shapes, reasoning.

This is the only package that mints IRIs. It turns the plain dataclasses of :mod:`kg.model` into
an rdflib dataset (:mod:`kg.rdf.mapping`), states what a built dataset looks like
(:mod:`kg.rdf.dataset`), checks and extends it (:mod:`kg.rdf.validate`, :mod:`kg.rdf.infer`), and
keeps SPARQL and parsers inside the dataset (:mod:`kg.rdf.guard`).

May import: rdflib, pyshacl, owlrl, :mod:`kg.model`, :mod:`kg.errors`, :mod:`kg.atomic`. Never
spaCy, :mod:`kg.extract` or :mod:`kg.nlp` (reading a graph stays fast), and never the stages
that use the RDF model: :mod:`kg.store`, :mod:`kg.outputs`, :mod:`kg.evaluate`.
"""
