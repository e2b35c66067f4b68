"""Long documents: parsed in pieces, joined into one Doc whose offsets are the original text's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract import extract
from kg.model import Document
from kg.nlp import load_pipeline, parse, split_text

PARAGRAPHS = [
    "Qatar and Egypt mediated the truce between Hamas and Israel, officials said on Monday.",
    "Ukraine accused Russia of shelling civilians in Kharkiv.\nThe envoy met officials in Doha.",
    "Adam Boehler, the special envoy for hostage affairs, held talks with Hamas in Doha. "
    "Boehler said the talks would go on.",
    "The United Nations will provide food aid to refugees in Sudan.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def long_text(size: int) -> str:
    """News paragraphs, some long lines, repeated to ``size`` characters (cut at a paragraph)."""
    parts, length, number = [], 0, 0
    while length < size:
        paragraph = PARAGRAPHS[number % len(PARAGRAPHS)]
        parts.append(paragraph)
        length += len(paragraph) + 2
        number += 1
    return "\n\n".join(parts)


@given(
    st.text(alphabet=st.sampled_from("ab .!?\n\"'A1"), max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_pieces_rebuild_the_text_within_the_limit(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= limit for piece in pieces) or pieces == [""]


def test_pieces_end_at_paragraphs_then_sentences() -> None:
    text = "First paragraph.\n\nSecond one. It goes on. And on and on."
    assert split_text(text, 30) == [
        "First paragraph.\n\n",
        "Second one. It goes on. ",
        "And on and on.",
    ]


def test_offsets_of_a_document_parsed_in_pieces_index_its_text(nlp) -> None:
    text = long_text(6_000)
    ((doc, document),) = parse([(text, Document("long", text))], nlp, piece_chars=1_000)
    assert doc.text == text
    result = extract(doc, document)
    assert len(result.facts) > 20
    for fact in result.facts:
        assert text[fact.start : fact.end] == fact.evidence
    for sentence in result.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    # the same facts as one parse of the whole text: no piece boundary cuts a sentence here
    whole = extract(nlp(text), document)
    assert {(f.subject, f.property, f.object, f.start) for f in result.facts} == {
        (f.subject, f.property, f.object, f.start) for f in whole.facts
    }


def test_a_text_above_spacys_max_length_is_parsed(nlp) -> None:
    text = long_text(9_000)
    saved = nlp.max_length
    nlp.max_length = 4_000  # spaCy would refuse the text in one piece
    try:
        with pytest.raises(ValueError):
            nlp(text)
        ((doc, _),) = parse([(text, None)], nlp, piece_chars=3_000)
    finally:
        nlp.max_length = saved
    assert doc.text == text
    assert len(list(doc.sents)) >= text.count("\n\n") + 1


def test_contexts_stay_with_their_documents(nlp) -> None:
    texts = [long_text(2_500), "Short one.", long_text(1_200), ""]
    parsed = list(parse(((t, i) for i, t in enumerate(texts)), nlp, piece_chars=500))
    assert [(doc.text, i) for doc, i in parsed] == [(t, i) for i, t in enumerate(texts)]
