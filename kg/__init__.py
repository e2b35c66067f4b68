"""kg — a knowledge-graph builder for news about conflict and diplomacy.

The stages of the data flow are modules: ``ingest`` (files to Documents), ``nlp`` (spaCy),
``extract`` (Documents to Extractions of plain dataclasses), ``graph`` (Extractions to an RDF
Dataset), ``store`` (loading and saving datasets), and the outputs ``export``, ``view``, ``query``
and ``evaluate``. ``kg.api`` strings them together for the CLI and notebooks.
"""

__version__ = "0.1.0"
