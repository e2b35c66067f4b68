"""What users get out of a built dataset: exports, SPARQL queries, the HTML view, statistics and
the ontology reference.

May import: rdflib, networkx, pyvis, jinja2, :mod:`kg.rdf`, :mod:`kg.store`, :mod:`kg.errors`,
:mod:`kg.atomic`. Never spaCy, :mod:`kg.extract` or :mod:`kg.nlp`, so ``kg query`` and
``kg view`` start fast.
"""
