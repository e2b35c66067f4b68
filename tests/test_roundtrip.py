"""Text from articles survives every RDF export format: written, read back, the same graph.

Articles carry characters that some formats cannot hold (XML 1.0 has no way to write a bell or a
form feed, even escaped); ingest cleans them where text enters, and what it lets through must
round-trip everywhere. The documents go through ``collect`` from a JSONL file, as in a build;
the extraction is built by hand from their text (no spaCy), the way ``extract`` shapes it.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from sample import named_graphs, whole_sentence_fact

from kg.ingest import collect
from kg.model import Entity, Extraction, Sentence
from kg.outputs.export import export, merged_graph
from kg.rdf.mapping import to_rdf

TRIPLE_FORMATS = {"turtle": "turtle", "nt": "nt", "xml": "xml"}
DATASET_FORMATS = {"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
# The characters that break formats, often enough that every example meets some of them.
TROUBLE = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\r\n\t\"'<>&\\{}\u2028\u2029\ufeff\ufffe\uffff\ud800"
text = st.text(st.one_of(st.sampled_from(TROUBLE), st.characters()), min_size=1, max_size=60)


def extraction_of(document) -> Extraction:
    """Two entities named by pieces of the text and one fact whose evidence is the text."""
    body = document.text
    half = max(1, len(body) // 2)
    subject = Entity("s", body[:half], "Person", frozenset({body}))
    obj = Entity("o", body[half:] or "x", "Country", frozenset({document.title or "y"}))
    sentence = Sentence(0, 0, len(body), body)
    fact = whole_sentence_fact("s", "citizenOf", "o", body)
    return Extraction(document, (sentence,), (subject, obj), (fact,))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(st.tuples(text, text, text, text), min_size=1, max_size=3))
def test_every_rdf_format_round_trips_article_text(tmp_path, records) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        {
            "id": f"{number}{doc_id}",
            "text": body,
            "title": title,
            "url": f"https://example.org/{url}",
        }
        for number, (doc_id, body, title, url) in enumerate(records)
    ]
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    documents, _ = collect([str(feed)])
    dataset = to_rdf([extraction_of(document) for document in documents])
    expected = merged_graph(dataset)

    for fmt, parser in TRIPLE_FORMATS.items():
        parsed = Graph().parse(data=export(dataset, fmt), format=parser)
        assert isomorphic(parsed, expected), fmt
    for fmt, parser in DATASET_FORMATS.items():
        parsed = Dataset()
        parsed.parse(data=export(dataset, fmt), format=parser)
        before, after = named_graphs(dataset), named_graphs(parsed)
        assert before.keys() == after.keys(), fmt
        for name, graph in before.items():
            assert isomorphic(graph, after[name]), (fmt, name)
