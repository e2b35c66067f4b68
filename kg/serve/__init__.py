"""The SPARQL endpoint: ``kg serve`` answers the SPARQL 1.1 Protocol over HTTP, beside the view
and the ontology reference.

Every query and update runs in a worker process forked for it (:mod:`kg.serve.worker`), so one
that runs past the timeout is killed, and through kg's SPARQL guard (:mod:`kg.rdf.guard`), so it
reads the served dataset and nothing else. The dataset is reached through a small backend
(``query``/``update``), so another store can be served the same way.

May import: rdflib, jinja2, :mod:`kg.outputs`, :mod:`kg.rdf`, :mod:`kg.store`, :mod:`kg.errors`.
Never spaCy, :mod:`kg.extract` or :mod:`kg.nlp`, so the server starts fast, and never
:mod:`kg.api` or :mod:`kg.evaluate`: it serves a graph, it neither builds nor scores one.
"""
