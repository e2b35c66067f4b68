"""Scale and speed figures of issue 10, as ratios measured in one run on one machine.

    python bench/scale.py                      # every part, the sizes of the issue
    python bench/scale.py --parts cli,store --quads 200000
    python bench/scale.py --parts memory --memory-sizes 1000,2000,5000

Parts (``--parts``, comma-separated):

- ``throughput``: a whole ``kg build --no-view`` process against a bare ``nlp.pipe`` of the
  same texts with the same spaCy model (throughput ratio; bar >= 0.8).
- ``profile``: where a build's time goes (cProfile of the streaming ``api.build`` that
  ``kg build -o`` runs, by stage).
- ``workers``: ``kg build --workers 2`` against one worker (speed-up; bar >= 1.6).
- ``memory``: the peak resident memory of a ``kg build --no-view`` process at each of
  ``--memory-sizes`` (bar <= 1.5 GB at 10,000), and how much it grows per 1,000 documents
  between the two largest sizes (flat: the streaming build holds one run of quads at most).
- ``cli``: ``kg --help`` (bar < 0.3 s) and ``kg query`` on the seed graph (bar < 0.5 s).
- ``store``: load ``--quads`` quads (kg-shaped: copies of a built graph under renamed IRIs)
  into rdflib's memory store and into a pyoxigraph Store (bar: Oxigraph >= 10x faster), and
  run the query library on the Oxigraph store (bar: each < 1 s).
- ``startup``: a whole ``kg query`` process on an ``oxigraph:DIR`` store of ``--startup-quads``
  kg-shaped quads (bar < 0.5 s), and on the seed graph through rdflib (``--allow-remote`` keeps
  it off the Oxigraph path), to show what the Oxigraph path saves.
- ``disk``: the query library on an ``oxigraph:DIR`` store of ``--quads`` quads on disk, as
  ``kg query --store`` runs it (each query in a process of its own; the slowest is shown).

Timings are wall-clock: on a machine others are using they come out slower and noisier (the
load average is printed above the table); the bars are for an idle machine.

The corpus is ``bench/corpus.py``'s; peak memory is the child's ``ru_maxrss`` (``os.wait4``).
Prints one Markdown table (the corpus in its first row), a row as soon as it is measured.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus

ROOT = Path(__file__).resolve().parent.parent
KG = Path(sys.executable).with_name("kg")
PARTS = ("throughput", "profile", "workers", "memory", "cli", "store", "startup", "disk")
Row = tuple[str, str, str]


def run(args: list[str | Path]) -> tuple[float, int]:
    """Seconds and peak resident bytes of one process run to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(map(str, args))}")
    return seconds, usage.ru_maxrss * 1024


def build(path: Path, out: Path, *extra: str) -> tuple[float, int]:
    return run([KG, "build", path, "-o", out, "--no-view", *extra])


def bare_parse(path: Path) -> float:
    """Seconds of spaCy alone over the corpus texts, the model kg would load, loaded first."""
    import json

    import spacy

    from kg.nlp import resolve_model

    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    nlp = spacy.load(resolve_model())
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - started


def throughput(path: Path, work: Path) -> list[Row]:
    whole, _ = build(path, work / "one")
    parse = bare_parse(path)
    return [
        ("bare nlp.pipe / whole kg build", f"{parse:.1f} s / {whole:.1f} s", "-"),
        ("build throughput against the parse", f"{parse / whole:.2f}x", ">= 0.8x"),
    ]


def profile(path: Path, work: Path) -> list[Row]:
    """Shares of the build by stage, from one profiled in-process build."""
    from kg import api

    profiler = cProfile.Profile()
    profiler.runcall(api.build, [str(path)], out_dir=work / "profiled", view=False, stream=True)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(cum for (_, _, name), (_, _, _, cum, _) in stats.items() if name == "build")

    def share(function: str, file_end: str) -> float:
        return sum(
            cum
            for (file, _, name), (_, _, _, cum, _) in stats.items()
            if name == function and file.endswith(file_end)
        )

    stages = {
        "spaCy parse (nlp.pipe)": share("pipe", "spacy/language.py"),
        "extraction (kg_extractor)": share("__call__", "kg/extract/component.py"),
        "mapping to quads (document_quads)": share("document_quads", "kg/rdf/mapping.py"),
        "quads to Oxigraph, counted, sorted in runs": share("put", "kg/streaming.py"),
        "writing graph.trig + graph.ttl (merging the runs)": share("write_trig", "serialize.py")
        + share("write_turtle", "kg/rdf/serialize.py"),
        "spill to disk and back (pickle)": share("add", "kg/streaming.py")
        + share("__iter__", "kg/streaming.py"),
        "reading inputs + loading the model": share("collect", "kg/ingest.py")
        + share("load_pipeline", "kg/nlp.py"),
    }
    rows = [(f"profile: {name}", f"{100 * s / total:.0f}%", "-") for name, s in stages.items()]
    return [("profile: whole build (in-process, profiled)", f"{total:.1f} s", "-"), *rows]


def workers(path: Path, work: Path) -> list[Row]:
    one, _ = build(path, work / "w1")
    two, _ = build(path, work / "w2", "--workers", "2")
    return [
        ("2 workers: speed-up over 1", f"{one / two:.2f}x ({one:.0f} s / {two:.0f} s)", ">= 1.6x")
    ]


def memory(work: Path, sizes: list[int]) -> list[Row]:
    """Peak memory of a whole build at each size, and its growth per 1,000 documents."""
    rows, peaks = [], []
    for size in sizes:
        seconds, peak = build(corpus.write(work / f"corpus-{size}.jsonl", size), work / "mem")
        peaks.append(peak)
        shown = f"{peak / 2**20:.0f} MB ({seconds:.0f} s)"
        rows.append((f"peak memory, {size:,} documents", shown, "<= 1.5 GB at 10,000"))
    if len(sizes) > 1:  # the two largest: below some 500 documents the first run still fills
        slope = (peaks[-1] - peaks[-2]) / (sizes[-1] - sizes[-2]) * 1000 / 2**20
        span = f"{sizes[-2]:,} to {sizes[-1]:,}"
        rows.append((f"memory growth per 1,000 documents ({span})", f"{slope:.0f} MB", "-"))
    return rows


def median_seconds(args: list[str | Path], times: int = 3) -> float:
    return statistics.median(run(args)[0] for _ in range(times))


def cli(work: Path) -> list[Row]:
    build(ROOT / "seeds", work / "seed")
    helps = median_seconds([KG, "--help"])
    query = median_seconds(
        [KG, "query", ROOT / "ontology/queries/negotiations.rq", "--in", work / "seed/graph.trig"]
    )
    return [
        ("kg --help", f"{helps:.2f} s", "< 0.3 s"),
        ("kg query, seed graph", f"{query:.2f} s", "< 0.5 s"),
    ]


def kg_shaped_nquads(path: Path, work: Path, quads: int) -> bytes:
    """``quads`` N-Quads: copies of a built graph, each under its own IRIs."""
    import pyoxigraph as ox

    out = work / "one"
    if not (out / "graph.trig").exists():
        build(path, out)
    one = ox.serialize(ox.parse(path=str(out / "graph.trig")), format=ox.RdfFormat.N_QUADS)
    lines = one.splitlines(keepends=True)
    base = b"<https://w3id.org/kgnews/id/"
    chunks, count, copy = [], 0, 0
    while count < quads:
        take = lines[: quads - count]
        chunks.append(b"".join(take).replace(base, base + b"c%d/" % copy))
        count += len(take)
        copy += 1
    return b"".join(chunks)


def store(path: Path, work: Path, quads: int) -> list[Row]:
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.outputs.query import query_library
    from kg.rdf.namespace import PREFIXES

    data = kg_shaped_nquads(path, work, quads)
    gc.collect()  # each load starts clean: no garbage of an earlier one to work around
    started = time.perf_counter()
    Dataset(default_union=True).parse(data=data, format="nquads")
    rdflib_load = time.perf_counter() - started
    gc.collect()  # rdflib's dataset is cyclic garbage by now: freed before Oxigraph loads
    oxigraph = ox.Store()
    started = time.perf_counter()
    oxigraph.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    ox_load = time.perf_counter() - started
    # without checking each IRI and literal against the RDF grammar, as rdflib's parser does not
    started = time.perf_counter()
    ox.Store().bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    lenient_load = time.perf_counter() - started
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    slowest, name_of = 0.0, ""
    for name, entry in query_library().items():
        started = time.perf_counter()
        result = oxigraph.query(header + entry.text, use_default_graph_as_union=True)
        list(result) if not isinstance(result, bool) else None
        seconds = time.perf_counter() - started
        if seconds > slowest:
            slowest, name_of = seconds, name
    size = f"{len(oxigraph):,} quads"
    return [
        (f"load {size}: rdflib memory / Oxigraph", f"{rdflib_load:.1f} s / {ox_load:.1f} s", "-"),
        ("Oxigraph load speed-up over rdflib", f"{rdflib_load / ox_load:.0f}x", ">= 10x"),
        ("Oxigraph lenient load (no grammar check)", f"{lenient_load:.1f} s", "-"),
        ("Oxigraph lenient load speed-up over rdflib", f"{rdflib_load / lenient_load:.0f}x", "-"),
        (f"slowest library query on Oxigraph ({name_of})", f"{slowest:.2f} s", "< 1 s"),
    ]


def oxigraph_store(path: Path, work: Path, quads: int) -> Path:
    """An ``oxigraph:DIR`` store of ``quads`` kg-shaped quads, as kg build --store leaves one."""
    import pyoxigraph as ox

    folder = work / f"store-{quads}"
    if not folder.exists():
        native = ox.Store(str(folder))
        native.bulk_load(kg_shaped_nquads(path, work, quads), format=ox.RdfFormat.N_QUADS)
        native.optimize()
        del native  # closes it
    return folder


def startup(path: Path, work: Path, quads: int) -> list[Row]:
    folder = oxigraph_store(path, work, quads)
    if not (work / "seed/graph.trig").exists():
        build(ROOT / "seeds", work / "seed")
    query = ROOT / "ontology/queries/negotiations.rq"
    on_store = median_seconds([KG, "query", query, "--store", f"oxigraph:{folder}"])
    by_rdflib = median_seconds(
        [KG, "query", query, "--allow-remote", "--in", work / "seed/graph.trig"]
    )
    return [
        (f"kg query, oxigraph store of {quads:,} quads", f"{on_store:.2f} s", "< 0.5 s"),
        ("kg query, seed graph through rdflib (--allow-remote)", f"{by_rdflib:.2f} s", "-"),
    ]


def disk(path: Path, work: Path, quads: int) -> list[Row]:
    from kg.outputs.library import query_library

    folder = oxigraph_store(path, work, quads)
    times = {
        name: run([KG, "query", name, "--store", f"oxigraph:{folder}"])[0]
        for name in query_library()
    }
    name = max(times, key=times.__getitem__)
    return [
        (
            f"slowest library query, kg query --store on disk, {quads:,} quads ({name})",
            f"{times[name]:.2f} s",
            "< 1 s",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=f"of {', '.join(PARTS)}")
    parser.add_argument("--size", type=int, default=1_000, help="documents for speed parts")
    parser.add_argument("--profile-size", type=int, default=100)
    parser.add_argument(
        "--memory-sizes", default="1000,10000", help="documents, comma-separated (1000,10000)"
    )
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--startup-quads", type=int, default=100_000)
    args = parser.parse_args()
    parts = args.parts.split(",")
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; known: {', '.join(PARTS)}")
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores (timings are noisy above ~1)\n")
    print("| measure | measured | bar |\n|---|---|---|", flush=True)
    shown = f"{args.size:,} documents of 10 sentences"
    print(f"| corpus of the speed parts (bench/corpus.py) | {shown} | - |")
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        work = Path(tmp)

        def sized(n: int) -> Path:
            return corpus.write(work / f"corpus-{n}.jsonl", n)

        measures = {
            "throughput": lambda: throughput(sized(args.size), work),
            "profile": lambda: profile(sized(args.profile_size), work),
            "workers": lambda: workers(sized(args.size), work),
            "memory": lambda: memory(work, [int(n) for n in args.memory_sizes.split(",")]),
            "cli": lambda: cli(work),
            "store": lambda: store(sized(args.profile_size), work, args.quads),
            "startup": lambda: startup(sized(args.profile_size), work, args.startup_quads),
            "disk": lambda: disk(sized(args.profile_size), work, args.quads),
        }
        for part in PARTS:
            if part in parts:
                for row in measures[part]():  # each row as soon as it is measured
                    print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
