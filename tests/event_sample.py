"""Hand-built extractions with event mentions of every kind, mapped by the real graph stage.

Until the extractor writes event mentions, the downstream side (RDF, shapes, stats, queries,
exports, evaluation, view) is tested on these: a two-sided event that also yields a fact, a
symmetric one, an agentless passive, a threat whose object is an action, an attack by an unnamed
attacker, a negated one, with dates, places and counts.
"""

from __future__ import annotations

from kg.model import BuildInfo, Document, Entity, EventMention, Extraction, Fact, Sentence
from kg.rdf.mapping import to_rdf

BUILD = BuildInfo(kg_version="0.1.0", lexicon_hash="ab" * 32, model="en_core_web_sm 3.8.0")

TALKS = [
    "Hamas agreed to a truce with Israel on 4 March.",
    "Qatar and Egypt met in Doha.",
    "Unions threatened a nationwide stoppage.",
]
STRIKE = [
    "Riot police held 40 marchers in Gaza.",
    "A drone strike hit Gaza.",
    "Israel did not attack Hamas.",
]


def _document(doc_id: str, lines: list[str], date: str) -> tuple[Document, tuple[Sentence, ...]]:
    text = " ".join(lines)
    sentences, start = [], 0
    for index, line in enumerate(lines):
        sentences.append(Sentence(index, start, start + len(line), line))
        start += len(line) + 1
    return Document(doc_id, text, title=f"{doc_id} title", date=date), tuple(sentences)


def _event(sentences, index: int, words: str, **fields) -> EventMention:
    """An event mention whose evidence is ``words`` of sentence ``index``."""
    sentence = sentences[index]
    start = sentence.start + sentence.text.index(words)
    defaults = {"rule": "test.v1", "confidence": 0.8}
    return EventMention(
        sentence=index,
        start=start,
        end=start + len(words),
        evidence=words,
        **{**defaults, **fields},
    )


def _fact(sentences, index: int, words: str, spo: str) -> Fact:
    """A fact "subject property object" whose evidence is ``words`` of sentence ``index``."""
    sentence = sentences[index]
    start = sentence.start + sentence.text.index(words)
    s, p, o = spo.split()
    return Fact(
        s,
        p,
        o,
        sentence=index,
        start=start,
        end=start + len(words),
        evidence=words,
        rule="test.v1",
        confidence=0.8,
    )


def extractions() -> list[Extraction]:
    """Two documents: talks and threats, then arrests and attacks."""
    hamas = Entity("hamas", "Hamas", "ArmedGroup")
    israel = Entity("israel", "Israel", "Country", frozenset({"Israeli"}))
    qatar, egypt = Entity("qatar", "Qatar", "Country"), Entity("egypt", "Egypt", "Country")
    doha = Entity("doha", "Doha", "Place")
    gaza = Entity("gaza", "Gaza", "Place")
    unions = Entity("talks:unions", "unions", "PersonGroup", scope="talks")
    marchers = Entity("strike:marchers", "marchers", "PersonGroup", scope="strike")
    police = Entity("strike:police", "riot police", "PersonGroup", scope="strike")

    document, sentences = _document("talks", TALKS, "2025-03-05")
    talks = Extraction(
        document,
        sentences,
        (hamas, israel, qatar, egypt, doha, unions),
        (
            _fact(sentences, 0, "Hamas agreed to a truce with Israel", "hamas agreesWith israel"),
            # symmetric: the fact is stored the other way round from the event's roles
            _fact(sentences, 1, "Qatar and Egypt met in Doha", "egypt meetsWith qatar"),
        ),
        (
            _event(
                sentences,
                0,
                "Hamas agreed to a truce with Israel",
                type="AGREE",
                trigger="agreed",
                property="agreesWith",
                sources=("hamas",),
                targets=("israel",),
                theme="a truce",
                qualifiers=(("date", "2025-03-04"),),
            ),
            _event(
                sentences,
                1,
                "Qatar and Egypt met in Doha",
                type="CONSULT",
                trigger="met",
                property="meetsWith",
                sources=("qatar",),
                targets=("egypt",),
                confidence=0.7,
                qualifiers=(("place", "doha"),),
            ),
            _event(
                sentences,
                2,
                "Unions threatened a nationwide stoppage",
                type="THREATEN",
                trigger="threatened",
                property="threatens",
                sources=("talks:unions",),
                theme="a nationwide stoppage",
                modality="future",
            ),
        ),
    )

    document, sentences = _document("strike", STRIKE, "2025-03-06")
    strike = Extraction(
        document,
        sentences,
        (hamas, israel, gaza, marchers, police),
        (),
        (
            _event(
                sentences,
                0,
                "Riot police held 40 marchers in Gaza",
                type="COERCE",
                trigger="held",
                property="arrests",
                sources=("strike:police",),
                targets=("strike:marchers",),
                qualifiers=(("count", "40"), ("place", "gaza")),
            ),
            _event(
                sentences,
                1,
                "A drone strike hit Gaza",
                type="ASSAULT",
                trigger="drone strike",
                property="attacks",
                targets=("gaza",),
                confidence=0.6,
            ),
            _event(
                sentences,
                2,
                "Israel did not attack Hamas",
                type="ASSAULT",
                trigger="attack",
                property="attacks",
                sources=("israel",),
                targets=("hamas",),
                modality="negated",
            ),
        ),
    )
    return [talks, strike]


def event_dataset(*, build: BuildInfo | None = BUILD):
    """The two documents as kg writes them (with the build's prov:Activity, unless None)."""
    return to_rdf(extractions(), build=build)
