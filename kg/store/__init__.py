"""Where built datasets live: reading and writing them (TriG files today).

May import: rdflib, :mod:`kg.rdf`, :mod:`kg.errors`. Never spaCy, never :mod:`kg.extract` or
:mod:`kg.outputs`.
"""
