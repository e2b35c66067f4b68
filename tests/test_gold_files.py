"""Gold files as people have them: the PLOVER records as published, TSV rows with mistakes.

Every file here is small and written for the test in the published shape; the real PLOVER
file is never part of the project.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset
from sample import whole_sentence_fact

from kg.cli import main
from kg.errors import InputError
from kg.evaluate.facts import format_notes, read_gold
from kg.evaluate.facts import score as score_facts
from kg.evaluate.plover import read_records
from kg.evaluate.plover import score as score_plover
from kg.model import Document, Entity, Extraction, Sentence
from kg.rdf.mapping import to_rdf

# The shape of gold_standard_records/PLOVER_GSR_CAMEO.txt: a list whose first record documents
# the fields, trailing commas after the last field and the last record, textInfo as an object or
# a string, an empty or a missing target, a missing source, and a repeated id.
PUBLISHED = """[
{
    "id": "record identifier: PLOVER-GSR01-<event>-<number>",
    "date": "date of the story, YYYY-MM-DD",
    "source": [{"actorText": "text of the source actor", "code": "ISO 3166 code",}],
    "event": "PLOVER event type",
    "text": "the sentence, as in the story",
    "textInfo": {"markup": "the sentence with (SRC: ...), (TAR: ...) and (EVT: ...) marked",},
},
{
    "id": "PLOVER-GSR01-AGREE-0101",
    "date": "2000-01-01",
    "source": [{"actorText": "Qatar", "code": "QAT"}, {"actorText": "Egypt", "code": "EGY",},],
    "target": "",
    "event": "AGREE",
    "text": "Qatar and Egypt agreed to cooperate on border security, officials said.",
    "textInfo": {"markup": "(SRC/TAR: Qatar) and (SRC/TAR: Egypt) (EVT: agreed) to cooperate",},
    "comment": "Compound actor, with a comma, inside a string: ,}",
},
{
    "id": "PLOVER-GSR01-THREATEN-0102",
    "date": "2000-01-01",
    "source": [{"actorText": "Iran", "code": "IRN"}],
    "target": [{"actorText": "Iraqi", "code": "IRQ"}],
    "event": "THREATEN",
    "text": "Iran threatened to shell Iraqi towns.",
    "textInfo": "(SRC: Iran) (EVT: threatened to shell) (TAR: Iraqi) towns.",
},
{
    "id": "PLOVER-GSR01-AGREE-0103",
    "date": "2000-01-01",
    "event": "AGREE",
    "text": "The ousted president has agreed to resign.",
},
{
    "id": "PLOVER-GSR01-THREATEN-0102",
    "source": [{"actorText": "Japan", "code": "JPN"}],
    "event": "SANCTION",
    "text": "Japan halted economic aid to Serbia.",
},
]
"""


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_published_records_are_read_and_the_unscoreable_reported(tmp_path: Path) -> None:
    gold = read_records(write(tmp_path / "PLOVER_GSR_CAMEO.txt", PUBLISHED))
    assert [(r.id, r.event, r.sources, r.targets) for r in gold.records] == [
        ("PLOVER-GSR01-AGREE-0101", "AGREE", ("Qatar", "Egypt"), ()),
        ("PLOVER-GSR01-THREATEN-0102", "THREATEN", ("Iran",), ("Iraqi",)),
        ("PLOVER-GSR01-THREATEN-0102#2", "SANCTION", ("Japan",), ()),
    ]
    assert gold.records[0].either == ("Qatar", "Egypt")
    assert gold.records[1].either == ()  # markup given as a string
    assert gold.skipped == 2
    path = tmp_path / "PLOVER_GSR_CAMEO.txt"
    assert gold.notes == [
        f"{path}:2: skipped: record record identifier: PLOVER-GSR01-<event>-<number>: event "
        "'PLOVER event type' is not a PLOVER event type",
        f"{path}:29: skipped: record PLOVER-GSR01-AGREE-0103: no source actor to score",
        f"{path}:35: id PLOVER-GSR01-THREATEN-0102 is also on line 20; this record is scored "
        "as PLOVER-GSR01-THREATEN-0102#2",
    ]


def test_older_published_form_a_run_of_objects_without_brackets(tmp_path: Path) -> None:
    records = PUBLISHED.strip().removeprefix("[").removesuffix("]")
    gold = read_records(write(tmp_path / "old.txt", records))
    assert len(gold.records) == 3 and gold.skipped == 2


def test_many_notes_are_cut_to_a_few_and_a_count() -> None:
    notes = [f"f:{n}: skipped: x" for n in range(12)]
    assert format_notes(notes) == [*notes[:5], "... and 7 more like these (12 in all)"]
    assert format_notes(notes[:3]) == notes[:3]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": "a", "event": "AGREE", "text": "x", "source": "A"}\n{"id": "b"}]', "gold:2:1: "),
        ('[{"id": "a", "event": "AGREE",\n "text": "x" "source": "A"}]', "gold:2:14: "),
        ("[]", "gold: no PLOVER record that can be scored (0 skipped)"),
        ('[{"id": "a"}] trailing', "gold:1:15: not a JSON list of PLOVER records"),
        (b'[{"id": "a",\n "text": "caf\xe9"}]', "gold:2: not UTF-8; convert the gold file"),
    ],
)
def test_unreadable_record_files_name_the_line(tmp_path: Path, content, expected) -> None:
    with pytest.raises(InputError) as caught:
        read_records(write(tmp_path / "gold", content))
    assert str(caught.value).startswith(str(tmp_path / expected))


def graph_of(documents: dict[str, str]) -> Dataset:
    """A graph with one fact per document: Qatar agreesWith Egypt (no spaCy)."""
    extractions = []
    for doc_id, text in documents.items():
        qatar, egypt = Entity("qatar", "Qatar", "Country"), Entity("egypt", "Egypt", "Country")
        fact = whole_sentence_fact("qatar", "agreesWith", "egypt", text)
        sentence = Sentence(0, 0, len(text), text)
        extractions.append(Extraction(Document(doc_id, text), (sentence,), (qatar, egypt), (fact,)))
    return to_rdf(extractions)


def test_plover_score_says_when_no_record_is_in_the_graph(tmp_path: Path) -> None:
    records = read_records(write(tmp_path / "gold.txt", PUBLISHED)).records
    with pytest.raises(InputError, match="none of the 3 gold records is a document of the graph"):
        score_plover(graph_of({"other": "Qatar agreed with Egypt."}), records)
    report = score_plover(graph_of({"PLOVER-GSR01-AGREE-0101": "Qatar agreed."}), records)
    assert report.not_built == 2
    assert report.type_found == report.source_found == {"PLOVER-GSR01-AGREE-0101"}


def kg(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="kg")


def test_kg_eval_reads_published_records_by_content_not_name(tmp_path: Path) -> None:
    gold = write(tmp_path / "PLOVER_GSR_CAMEO.txt", PUBLISHED)
    graph = tmp_path / "graph.trig"
    graph_of({"PLOVER-GSR01-AGREE-0101": "Qatar agreed."}).serialize(graph, format="trig")
    result = kg("eval", gold, "--in", graph)
    assert result.exit_code == 0, result.output
    assert "records          3" in result.stdout
    assert "not in graph     2" in result.stdout
    assert (
        result.stderr.count("\n") == 3
        and "skipped: record PLOVER-GSR01-AGREE-0103" in result.stderr
    )

    other = tmp_path / "other.trig"
    graph_of({"elsewhere": "Qatar agreed."}).serialize(other, format="trig")
    nothing = kg("eval", gold, "--in", other)
    assert nothing.exit_code == 2
    assert nothing.stderr.splitlines()[-1].startswith("Error: none of the 3 gold records")
    assert "Traceback" not in nothing.output


def test_python_m_plover_writes_documents_and_reports_in_one_line(tmp_path: Path) -> None:
    gold = write(tmp_path / "PLOVER_GSR_CAMEO.txt", PUBLISHED)
    module = [sys.executable, "-m", "kg.evaluate.plover"]
    done = subprocess.run([*module, str(gold)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 3 and '"id": "PLOVER-GSR01-THREATEN-0102#2"' in done.stdout
    assert done.stderr.count("\n") == 3
    bad = write(tmp_path / "bad.json", "[{]")
    failed = subprocess.run([*module, str(bad)], capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"Error: {bad}:1:3: not a JSON list of PLOVER records")
    assert failed.stderr.count("\n") == 1 and failed.stdout == ""


TSV = "G1\trequired\tQatar\tagreesWith\tEgypt\n"


def test_tsv_row_with_no_known_property_is_noted_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path / "g.tsv", TSV + "G2\tstretch\tQatar\tagreesWit|agreedWith\tEgypt\n")
    gold = read_gold(path)
    assert len(gold.rows) == 2
    assert gold.notes == [
        f"{path}:2: no property of the ontology in 'agreesWit|agreedWith', so row G2 can never "
        "match; did you mean 'agreesWith'"
    ]


def test_tsv_repeated_rows_are_noted_and_one_id_of_two_kinds_is_refused(tmp_path: Path) -> None:
    assert read_gold(write(tmp_path / "g.tsv", TSV + "# again\n" + TSV)).notes == [
        f"{tmp_path / 'g.tsv'}:3: repeats line 1"
    ]
    conflict = write(tmp_path / "c.tsv", TSV + "G1\tforbidden\tEgypt\tattacks\tQatar\n")
    with pytest.raises(InputError) as caught:
        read_gold(conflict)
    assert str(caught.value).startswith(
        f"{conflict}:2: id G1 is 'required' on line 1 and 'forbidden' here"
    )


def test_tsv_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "g.tsv", TSV.encode() + b"G2\trequired\tQu\xe9bec\tagreesWith\t*\n")
    with pytest.raises(InputError, match=r"g\.tsv:2: not UTF-8; convert the gold file to UTF-8"):
        read_gold(path)


def test_tsv_score_says_when_nothing_in_the_graph_is_named(tmp_path: Path) -> None:
    rows = read_gold(write(tmp_path / "g.tsv", "G1\trequired\tHamas\tattacks\tIsrael\n")).rows
    with pytest.raises(InputError, match="no subject of the 1 gold rows names a node"):
        score_facts(graph_of({"d": "Qatar agreed."}), rows)
    assert (
        score_facts(
            graph_of({"d": "Qatar agreed."}), read_gold(write(tmp_path / "h.tsv", TSV)).rows
        ).recall
        == 1.0
    )
