"""The kg ontology, SHACL shapes, trigger lexicon and example queries, shipped as package data."""
