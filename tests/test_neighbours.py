"""WordNet neighbours: the generator on a tiny WordNet of its own, and what a build does with
the table (``ontology/neighbours.tsv``). The sentences are made up for these tests; none is the
one where a neighbour was first seen (round 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.component import Extractor, bind, to_data
from kg.lexicon import (
    NEIGHBOUR_DISTANCE,
    Neighbour,
    load_lexicon,
    read_neighbours,
    with_neighbours,
)
from kg.model import Document
from kg.neighbours import WORDNET, build, read_wordnet

# tests/data/wordnet-tiny is a WordNet in the database format (wndb(5WN)): offset,
# lexicographer file, part of speech, words, pointers (symbol, synset, part of speech, source
# and target word), frames, gloss.
# 01 criticize: its troponym 02 holds "lambaste" (listed, confirming the sense) and "revile"
# (new); 03 praise, confirmed by "commend", has the troponym 04 "extol"; 05 "appraise" is the
# hypernym of both; 06 "acclaim" sits (wrongly) under criticize but is its antonym; 07 "vilify"
# under criticize is the antonym of nothing; 08 condemn is the antonym of 09 "glorify", which
# sits (wrongly) under criticize too; 10 "fin" under criticize shares its forms with 11 "fine"
# ("fined"); 12 "praise up" is a phrasal verb of the listed "praise".
TINY_WORDNET = Path(__file__).parent / "data" / "wordnet-tiny"


@pytest.fixture(scope="module")
def base():
    return load_lexicon(neighbours=None)


def test_the_reader_keeps_words_senses_and_antonyms():
    wordnet = read_wordnet(TINY_WORDNET, "verb")
    assert wordnet.synsets["00000002"].words == ["lambaste", "revile"]
    assert wordnet.senses["criticize"] == ["00000001"]
    assert wordnet.antonyms("criticize") == {"acclaim"}
    assert wordnet.antonyms("condemn") == {"glorify"}


def test_the_generator_maps_new_words_to_their_nearest_entry(base):
    rows = {(r.pos, r.word): r for r in build(TINY_WORDNET, base)}
    revile = rows["verb", "revile"]  # a synonym of a listed word, nearer than its hypernym
    assert (revile.entry, revile.type, revile.distance) == ("lambaste", "DISAPPROVE", 0)
    assert rows["verb", "extol"].type == "SUPPORT"
    assert rows["verb", "vilify"].type == "DISAPPROVE"
    assert rows["noun", "onslaught"].entry == "assault"
    assert ("verb", "criticize") not in rows  # a listed word is never a neighbour


def test_antonyms_and_disagreeing_entries_are_refused(base):
    rows = {(r.pos, r.word): r for r in build(TINY_WORDNET, base)}
    assert ("verb", "acclaim") not in rows  # the antonym of the entry it sits under
    assert ("verb", "glorify") not in rows  # the antonym of another entry of that type
    assert ("verb", "appraise") not in rows  # above both praise and criticize


def test_verbs_that_share_their_forms_with_another_are_refused(base):
    rows = {(r.pos, r.word) for r in build(TINY_WORDNET, base)}
    assert ("verb", "fin") not in rows  # "fined" may be "fine"
    assert ("verb", "praise up") not in rows  # the lexicon lists the phrasal verbs of "praise"
    assert ("verb", "vilify") in rows


@pytest.fixture(scope="module")
def parse():
    from kg.nlp import load_pipeline

    nlp = load_pipeline()

    def run(lexicon, text: str):
        extractor = Extractor()
        extractor.lexicon = lexicon
        with nlp.select_pipes(disable=["kg_extractor"]):
            doc = nlp(text)
        return bind(to_data(extractor.run(doc)), Document("t", text)).events

    return run


ROWS = [
    Neighbour("chide", "verb", "lambaste", "DISAPPROVE", "criticizes", 0, "synonym", "1"),
    Neighbour("laud", "verb", "praise", "SUPPORT", "supports", 1, "hyponym", "2"),
    Neighbour("criticize", "verb", "praise", "SUPPORT", "supports", 0, "synonym", "3"),
]


def test_a_neighbour_takes_its_entrys_type_marked_and_less_sure(base, parse):
    lexicon = with_neighbours(base, ROWS, 1)
    found = parse(lexicon, "Norway chided Russia over the expulsion of two diplomats.")
    found = [e for e in found if e.type == "DISAPPROVE"]
    assert [e.rule for e in found] == ["verb.v2:chide/obj+wordnet:lambaste"]
    listed = parse(lexicon, "Norway lambasted Russia over the expulsion of two diplomats.")
    listed = [e for e in listed if e.type == "DISAPPROVE"]
    assert [e.rule for e in listed] == ["verb.v2:lambaste/obj"]
    assert found[0].confidence < listed[0].confidence
    alone = parse(base, "Norway chided Russia over the expulsion of two diplomats.")
    assert "DISAPPROVE" not in {e.type for e in alone}  # without the neighbour: not found


def test_a_noun_neighbour_takes_its_entrys_trigger(base, parse):
    rows = [Neighbour("onslaught", "noun", "assault", "ASSAULT", "attacks", 0, "synonym", "4")]
    text = "Rebels launched an onslaught on the garrison at dawn."
    found = [e for e in parse(with_neighbours(base, rows, 0), text) if e.type == "ASSAULT"]
    assert [e.rule for e in found] == ["noun.v2:onslaught+wordnet:assault"]
    assert not [e for e in parse(base, text) if e.type == "ASSAULT"]


def test_a_praise_word_never_becomes_a_condemnation(parse):
    """With the committed table: praise and condemnation share WordNet hypernyms."""
    lexicon = load_lexicon()
    for word in ("laud", "extol", "acclaim", "glorify"):
        row = lexicon.neighbours.get(("verb", word))
        assert row is None or row.type == "SUPPORT", row
    found = parse(lexicon, "Kenya lauded Ethiopia for hosting the talks.")
    assert {e.type for e in found} == {"SUPPORT"}


def test_a_listed_entry_always_wins_over_a_neighbour(base, parse):
    lexicon = with_neighbours(base, ROWS, 1)
    assert lexicon.verbs["criticize"] == base.verbs["criticize"]
    assert ("verb", "criticize") not in lexicon.neighbours
    found = parse(lexicon, "Chile criticized Peru over the fishing dispute.")
    assert {(e.type, e.rule) for e in found} == {("DISAPPROVE", "verb.v2:criticize/obj")}
    # a neighbour farther than the distance asked for is not taken
    assert ("verb", "laud") not in with_neighbours(base, ROWS, 0).neighbours


def test_the_committed_table_is_read_by_default():
    rows = read_neighbours()
    assert rows, "ontology/neighbours.tsv is empty; run python -m kg.neighbours"
    lexicon = load_lexicon()
    taken = {r.word for r in rows if r.distance <= NEIGHBOUR_DISTANCE and r.pos == "verb"}
    assert taken and all(lexicon.verbs.get(w) for w in taken if ("verb", w) in lexicon.neighbours)
    assert not {w for pos, w in lexicon.neighbours if pos == "verb"} & set(
        load_lexicon(neighbours=None).verb_keys
    )


@pytest.mark.skipif(not (WORDNET / "data.verb").is_file(), reason="no WordNet (wordnet-base)")
def test_the_real_table_holds_no_antonym_of_its_entry(base):
    verbs = read_wordnet(WORDNET, "verb")
    for row in read_neighbours():
        if row.pos == "verb":
            assert row.entry not in verbs.antonyms(row.word), row


@pytest.mark.skipif(not (WORDNET / "data.verb").is_file(), reason="no WordNet (wordnet-base)")
def test_the_committed_table_is_up_to_date(base):
    """After a change to the lexicon: python -m kg.neighbours (kg build never reads WordNet)."""
    assert tuple(build(WORDNET, base)) == read_neighbours(), "run python -m kg.neighbours"
