"""One small exception hierarchy; the CLI turns each into a one-line message and an exit code."""


class KgError(Exception):
    """Base class: something the user can fix, described in one line."""

    exit_code = 2


class InputError(KgError):
    """An input path, file or record that cannot be read (bad path, encoding, JSON...)."""


class ModelError(KgError):
    """No usable spaCy model."""


class OntologyError(KgError):
    """The ontology or lexicon data is inconsistent."""


class StoreError(KgError):
    """A graph file or store that cannot be loaded or written."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or is not allowed (updates)."""


class AccessError(QueryError):
    """A query or graph that would reach outside the dataset (SERVICE, FROM a URL or a file)."""


class FormatError(KgError):
    """An unknown output format."""
