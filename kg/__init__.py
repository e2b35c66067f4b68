"""kg — a knowledge-graph builder for news about conflict and diplomacy.

The package is laid out as the data flow runs: :mod:`kg.ingest` (inputs to Documents),
:mod:`kg.nlp` (the spaCy pipeline), :mod:`kg.extract` (parsed Documents to plain dataclasses),
:mod:`kg.rdf` (the ontology's terms, the RDF dataset, shapes, reasoning), :mod:`kg.store`
(reading and writing datasets), :mod:`kg.outputs` (export, query, view, statistics, the
ontology reference) and :mod:`kg.evaluate` (scores against gold sets). :mod:`kg.model` and
:mod:`kg.errors` are what the stages share; :mod:`kg.api` strings the stages together for the
notebooks and for :mod:`kg.cli`, the only module that imports click.

May import: nothing, so that importing any part of kg costs nothing more than that part.
Each package's docstring gives its own rules; tests/test_layout.py enforces them.
"""

__version__ = "0.1.0"
