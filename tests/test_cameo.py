"""The CAMEO/PETRARCH verb-dictionary reader, on small dictionaries written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cameo import cameo_type, read_dictionary
from kg.errors import InputError
from kg.lexicon import load_lexicon, merge_dictionaries

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


# --- imported into the lexicon: what the extractor then finds ----------------------------------

IMPORTED = """\
# written for kg's tests: verbs, a verb + object, a verb + preposition, an unmapped code
---  PUMMEL   [190]  ---
PUMMEL
---  INK   [---]  ---
INK
- * PACT  [057]
---  LASH   [---]  ---
+LASH_OUT
- * (AT +)  [111]
---  MUSE   [012]  ---
MUSE
"""


@pytest.fixture(scope="module")
def imported_nlp(tmp_path_factory):
    from kg.nlp import load_pipeline

    path = tmp_path_factory.mktemp("dictionary") / "imported.verbs"
    path.write_text(IMPORTED, encoding="utf-8")
    return load_pipeline(lexicon=load_lexicon(None, (str(path),)))


def events_of(nlp, text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    from kg.extract import extract
    from kg.model import Document

    found = extract(nlp(text), Document("d", text))
    return [(e.type, e.sources, e.targets) for e in found.events]


def test_a_coded_verb_becomes_a_trigger_of_its_type(imported_nlp):
    assert ("FIGHT", ("russia",), ("ukraine",)) in events_of(
        imported_nlp, "Russia pummelled Ukraine overnight."
    )


def test_a_verb_object_pattern_fires_only_with_that_object(imported_nlp):
    found = events_of(imported_nlp, "Ghana and Togo inked a pact on fishing rights.")
    assert any(kind == "AGREE" and "ghana" in sources for kind, sources, _ in found)
    assert not events_of(imported_nlp, "Ghana inked the drawing on Monday.")


def test_a_verb_preposition_pattern_names_its_target(imported_nlp):
    found = events_of(imported_nlp, "Venezuela lashed out at Guyana on Tuesday.")
    assert ("DISAPPROVE", ("venezuela",), ("guyana",)) in found
    assert not events_of(imported_nlp, "Venezuela lashed out in a long speech.")  # no "at"


def test_a_code_without_a_kg_type_is_skipped(imported_nlp):
    assert not events_of(imported_nlp, "Canada mused about Denmark in a speech.")


def test_without_the_dictionary_the_verbs_are_not_triggers():
    from kg.nlp import load_pipeline

    # "pummel" is reached without it too, as a WordNet neighbour of "hit"; "ink" is not
    assert not events_of(load_pipeline(), "Ghana and Togo inked a pact on fishing rights.")


def test_built_in_entries_win_and_what_was_left_out_is_counted(tmp_path):
    path = write(tmp_path, "---  ATTACK   [010]  ---\nATTACK\n- * TRUCE [057]\n")
    again = write(tmp_path, "---  ATTACK   [---]  ---\nATTACK [190]\n- * TRUCE [196]\n", "2.v")
    base = load_lexicon()
    lexicon = merge_dictionaries(base, [read_dictionary(path), read_dictionary(again)], "all")
    assert lexicon.verbs["attack"][: len(base.verbs["attack"])] == base.verbs["attack"]
    added = lexicon.verbs["attack"][len(base.verbs["attack"]) :]
    assert [(s.object_heads, s.type) for s in added] == [(("truce",), "AGREE")]  # the first file
    assert lexicon.imported[1].skipped["patterns already covered (built-in or earlier)"] == 2


def test_a_build_takes_only_the_verbs_kg_does_not_know(tmp_path):
    path = write(tmp_path, "---  ATTACK   [---]  ---\nATTACK\nPUMMEL\n- * TRUCE [057]\n")
    lexicon = load_lexicon(None, (str(path),))
    assert lexicon.verbs["attack"] == load_lexicon().verbs["attack"]
    assert [s.object_heads for s in lexicon.verbs["pummel"]] == [("truce",)]
    assert lexicon.imported[0].skipped["patterns of verbs kg knows (not taken)"] == 1


def test_malformed_lines_are_named_and_the_good_ones_kept(tmp_path):
    text = IMPORTED + "- * TREATY\n---  BAD [12x] ---\n- * (WITH + [046]\n"
    dictionary = read_dictionary(write(tmp_path, text))
    assert dictionary.skipped["malformed lines"] == 3
    first, second, third = dictionary.problems
    line = IMPORTED.count("\n") + 1  # the first line after the good ones
    assert first.startswith(f"{tmp_path / 'small.verbs'}:{line}: ") and "CAMEO code" in first
    assert f":{line + 1}: " in second and "[12x] is not a CAMEO code" in second
    assert f":{line + 2}: " in third and "'(' is not closed" in third
    assert {p.verb for p in dictionary.patterns} >= {"pummel", "ink", "lash out"}


def test_the_lexicon_hash_names_the_dictionaries(tmp_path):
    from kg.lexicon import lexicon_hash

    path = write(tmp_path, IMPORTED)
    assert lexicon_hash((str(path),)) != lexicon_hash()
    copy = write(tmp_path, IMPORTED, "elsewhere.verbs")
    assert lexicon_hash((str(copy),)) == lexicon_hash((str(path),))  # content, not place
    path.write_text(IMPORTED + "PUMMEL [193]\n", encoding="utf-8")
    assert lexicon_hash((str(path),)) != lexicon_hash((str(copy),))


def test_every_row_of_kgs_table_names_a_property_of_its_type():
    from kg.cameo import cameo_table

    lexicon = load_lexicon()
    for row in cameo_table():
        if row.type is not None:
            assert row.type in lexicon.event_types(row.property or ""), row
    assert len({row.type for row in cameo_table()} - {None}) == 20
