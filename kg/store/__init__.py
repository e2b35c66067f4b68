"""Where built datasets live: reading and writing them (TriG files today).

May import: rdflib, :mod:`kg.rdf`, :mod:`kg.errors`. Never spaCy, :mod:`kg.extract` or
:mod:`kg.nlp`, and never :mod:`kg.outputs` or :mod:`kg.evaluate`, which use the store.
"""
