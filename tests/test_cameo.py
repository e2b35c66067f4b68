"""The CAMEO/PETRARCH verb-dictionary reader, on small dictionaries written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cameo import cameo_type, read_dictionary
from kg.errors import InputError

SMALL = """\
# a dictionary written for kg's tests, in the PETRARCH format
&TRUCE
+CEASEFIRE
+ARMISTICE
+TRUCE

####### VERB PATTERNS #######

---  SHELL   [190]  ---
SHELL
BOMBARD {BOMBARDED BOMBARDING }
- * (WITH ARTILLERY) [194]  # SHELL
- TROOPS * +  [195]  # subject constrained: not usable

---  BREAK   [---]  ---
BREAK {BROKE BROKEN }
VIOLATE [---]
- * &TRUCE  [196]   # BREAK
- * (WITH +)  [161]  # BREAK
- * RECORD  [---]  # no event

---  EASE   [---]  ---
EASE
+LIFT_UP [081]
- * CURFEW [0812]
- * (ON &TRUCE)  [0871]

---  SAY   [010]---  ---
SAY {SAID }
"""


def write(tmp_path: Path, text: str, name: str = "small.verbs") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_verbs_objects_and_prepositions_become_typed_patterns(tmp_path):
    found = {
        (p.verb, p.objects, p.preposition, p.prep_objects, p.type)
        for p in read_dictionary(write(tmp_path, SMALL)).patterns
    }
    assert ("shell", (), None, (), "FIGHT") in found  # the block's own code
    assert ("bombard", (), "with", ("artillery",), "FIGHT") in found  # shared by the block
    assert ("violate", ("ceasefire", "armistice", "truce"), None, (), "FIGHT") in found
    assert ("break", (), "with", (), "SANCTION") in found  # (WITH +): the target is an actor
    assert ("lift up", (), None, (), "CONCEDE") in found  # a phrasal verb with its own code
    assert ("ease", ("curfew",), None, (), "CONCEDE") in found
    assert ("ease", (), "on", ("ceasefire", "armistice", "truce"), "RETREAT") in found


def test_what_cannot_be_used_is_counted_not_guessed(tmp_path):
    dictionary = read_dictionary(write(tmp_path, SMALL))
    verbs = {p.verb for p in dictionary.patterns}
    assert "break" in verbs and "violate" in verbs  # they have coded patterns ...
    assert not any(
        p.verb == "break" and not p.objects and not p.preposition for p in dictionary.patterns
    )  # ... but alone they are no event
    assert not any(p.objects == ("record",) for p in dictionary.patterns)
    assert not any(p.verb == "say" for p in dictionary.patterns)  # 010: no kg event type
    assert dictionary.skipped["patterns that constrain the subject"] == 1  # one pattern line
    assert dictionary.skipped["codes without a kg event type"] == 1
    assert "patterns of" in dictionary.summary() and "skipped" in dictionary.summary()


@pytest.mark.parametrize(
    ("code", "expected"),
    [("0874", "RETREAT"), ("087", "RETREAT"), ("081", "CONCEDE"), ("112", "ACCUSE"),
     ("1123", "ACCUSE"), ("111", "DISAPPROVE"), ("057", "AGREE"), ("051", "SUPPORT"),
     ("204", "ASSAULT"), ("010", None), ("99", None)],
)  # fmt: skip
def test_kg_table_maps_codes_by_longest_prefix(code, expected):
    assert cameo_type(code) == expected


def test_unusable_files_get_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no such dictionary file"):
        read_dictionary(tmp_path / "missing.verbs")
    latin = tmp_path / "latin.verbs"
    latin.write_bytes("---  CAF\xc9   [040]  ---\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_dictionary(latin)
    with pytest.raises(InputError, match="no verb pattern found"):
        read_dictionary(write(tmp_path, "just some text\nwith no blocks\n", "prose.txt"))


def test_reads_the_field_dictionary_when_present():
    path = Path(__file__).parents[1] / ".." / "shared" / "lexicons" / "CAMEO.2.0.txt"
    if not path.is_file():
        pytest.skip("../shared/lexicons/CAMEO.2.0.txt is not beside the project")
    dictionary = read_dictionary(path)
    assert len({p.verb for p in dictionary.patterns}) > 1000
    assert {p.type for p in dictionary.patterns} >= {"ASSAULT", "AGREE", "PROTEST", "AID"}
    assert dictionary.skipped["unreadable lines"] == 0
