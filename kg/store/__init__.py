"""Where built datasets live: reading and writing them (TriG files today), and the output folder
of a build, switched from one build to the next as a whole (:mod:`kg.store.folder`).

May import: rdflib, :mod:`kg.rdf`, :mod:`kg.errors`, :mod:`kg.atomic`. Never spaCy,
:mod:`kg.extract` or :mod:`kg.nlp`, and never :mod:`kg.outputs` or :mod:`kg.evaluate`, which use
the store.
"""
