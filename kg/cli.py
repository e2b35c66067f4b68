"""The ``kg`` command: parses options and calls the library; nothing else happens here.

Library errors (``KgError``) become one line on standard error and an exit code: 0 success,
1 a check failed, 2 unusable input or usage. ``--debug`` shows the traceback instead. Heavy
modules are imported inside the commands, so ``kg query`` and ``kg view`` never load spaCy.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KgError

DEFAULT_GRAPH = "out/graph.trig"
F = TypeVar("F", bound=Callable[..., Any])
GRAPH_OPTION = click.option(
    "--in",
    "graph_path",
    default=DEFAULT_GRAPH,
    show_default=True,
    envvar="KG_GRAPH",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Graph to read (TriG, N-Quads, Turtle ...); also $KG_GRAPH.",
)

STORE_OPTION = click.option(
    "--store",
    "store",
    default="memory",
    show_default=True,
    envvar="KG_STORE",
    metavar="SPEC",
    help="Store to read: memory (the file of --in), oxigraph:DIR or "
    "sparql:QUERY_URL[,UPDATE_URL]; also $KG_STORE.",
)


def graph_options(command: F) -> F:
    """``--in FILE`` and ``--store SPEC``: where a reading command finds its graph."""
    return GRAPH_OPTION(STORE_OPTION(command))


def min_confidence_option(help_text: str, default: float | None) -> Callable[[F], F]:
    """``--min-confidence X``, a number in [0, 1] (out of it: click's one-line usage error); the
    same threshold in ``kg build`` (what is asserted) and ``kg view`` (what is drawn)."""
    return click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=default,
        show_default=default is not None,
        metavar="X",
        help=help_text,
    )


def output_option(help_text: str) -> Callable[[F], F]:
    """``-o/--output FILE``: the file a command writes (each says where it goes by default)."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=help_text
    )


#: errno values of a write that failed because the output has no room (a full stdout).
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so the exit-time flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (tests): no flush
        pass


def _explain(exc: Exception) -> tuple[str | None, int]:
    """The one line to show for ``exc`` and the exit code; no line for a closed pipe (``| head``),
    which click ends quietly."""
    if isinstance(exc, KgError):
        return str(exc), exc.exit_code
    if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
        return None, 1
    if isinstance(exc, OSError) and exc.errno in _FULL and exc.filename is None:
        _discard_stdout()
        return (
            f"cannot write to standard output: {exc.strerror}; free some space, or write to a "
            "file with -o",
            2,
        )
    return f"{exc!r} (an internal error; rerun with --debug and report it)", 1


class KgGroup(click.Group):
    """A group whose commands report library errors in one line, with the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a full stdout fails here, where it can still be reported
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            message, code = _explain(exc)
            if message is None or ctx.meta.get("kg.debug"):
                raise
            click.echo(f"Error: {message}", err=True)
            ctx.exit(code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of conflict and diplomacy news, with provenance, as standard RDF.

    \b
    kg build seeds/                  extract facts, write out/graph.{trig,ttl,html}
    kg query ontology/queries/negotiations.rq
    kg export --format nquads -o graph.nq
    kg view -o graph.html
    kg stats
    kg eval gold.tsv --show
    kg validate                      check the graph against the SHACL shapes
    kg infer                         add OWL-RL consequences in their own named graph
    kg ontology -f html -o ontology.html
    kg query --list                  the library of example queries
    kg build news/ --store oxigraph:kgstore   add new and edited articles to a store
    kg remove DOC_ID --store oxigraph:kgstore
    kg serve                         a SPARQL endpoint at http://127.0.0.1:7878/sparql
    """
    ctx.meta["kg.debug"] = debug


def _load(path: Path, store: str = "memory"):
    from kg.api import open_graph

    return open_graph(store, path)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for graph.trig, graph.ttl and graph.html.",
)
@click.option("--model", help="spaCy model to use (default: the installed English model).")
@click.option("--base", help="Base IRI for minted entity and document IRIs.")
@click.option("--no-view", is_flag=True, help="Do not write the HTML view.")
@click.option(
    "--infer",
    is_flag=True,
    help="Also add the OWL-RL consequences (kg infer) to graph.trig, in their own named graph.",
)
@click.option(
    "--store",
    default="memory",
    show_default=True,
    envvar="KG_STORE",
    metavar="SPEC",
    help="Where to write: memory (files in -o DIR), oxigraph:DIR or "
    "sparql:QUERY_URL,UPDATE_URL; a store only gets new and edited documents.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parse and extract in this many processes (the same graph as one).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where parsing and extraction run: here, or on the Dask cluster of --scheduler.",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786.")
@click.option(
    "--dictionary",
    "dictionaries",
    multiple=True,
    metavar="FILE",
    help="A CAMEO/PETRARCH verb dictionary to merge with the built-in lexicon (repeatable; "
    "the built-in entries win on conflict).",
)
@min_confidence_option(
    "Assert only facts and events at least this confident (calibrated); the others are kept "
    "as kg:Candidate nodes [default: the threshold chosen in ontology/calibration.json].",
    None,
)
def build(
    inputs: tuple[str, ...],
    out_dir: Path,
    model: str | None,
    base: str | None,
    no_view: bool,
    infer: bool,
    store: str,
    workers: int,
    executor: str,
    scheduler: str | None,
    dictionaries: tuple[str, ...],
    min_confidence: float | None,
):
    """Extract facts from INPUTS and write the graph.

    INPUTS are files (.txt, .md, .html), directories (searched recursively), .jsonl files with one
    document per line ({"id", "text", optional "title", "date", "url"}), or - for standard input.
    A document that cannot be read is skipped and reported; the others are still built.
    Facts and events below --min-confidence are kept as kg:Candidate nodes, not asserted.
    With --store oxigraph:DIR or sparql:..., each new or edited document is written into the
    store in a transaction of its own, documents already there are skipped, and -o is unused.
    """
    from kg.api import build as run_build
    from kg.outputs.stats import format_stats, stats
    from kg.store.registry import parse_spec

    if infer and not parse_spec(store).is_files:
        raise click.UsageError(
            f"--infer writes files; after the build run kg infer --store {store}"
        )
    from kg.progress import BuildProgress
    from kg.rdf.namespace import DEFAULT_BASE

    if (executor == "dask") != (scheduler is not None):
        raise click.UsageError("--executor dask and --scheduler ADDRESS go together")
    with BuildProgress(sys.stderr) as shown:
        result = run_build(
            list(inputs),
            out_dir=out_dir,
            model=model,
            base=base or DEFAULT_BASE,
            stdin=click.open_file("-", "rb"),  # (get_binary_stream is deprecated in click 8.5)
            progress=shown.documents,
            phase=shown.phase,
            view=not no_view,
            infer=infer,
            store=store,
            workers=workers,
            scheduler=scheduler,
            dictionaries=dictionaries,
            min_confidence=min_confidence,
            stream=True,
        )
    for summary in result.dictionaries:
        click.echo(f"dictionary: {summary}", err=True)
    for problem in result.problems:
        click.echo(f"{'skipped' if problem.skipped else 'warning'}: {problem.message}", err=True)
    if result.stored is not None:
        _echo_changes(result.stored, ("added", "replaced", "unchanged"))
        click.echo(f"seconds      {result.seconds:.1f}")
        return
    click.echo(format_stats(result.counts or stats(result.dataset)), nl=False)
    if infer:
        from kg.rdf.dataset import inferred_graph_iri
        from kg.rdf.namespace import shorten

        name = inferred_graph_iri(result.dataset)
        size = len(result.dataset.graph(name))
        click.echo(f"inferred     {size} triples in {shorten(name)}")
    click.echo(f"seconds      {result.seconds:.1f}")
    click.echo("wrote        " + ", ".join(str(p) for p in result.outputs.values()))
    skipped = sum(problem.skipped for problem in result.problems)
    if skipped:
        click.echo(f"{skipped} input(s) skipped; see the messages above", err=True)


def _echo_changes(changes: Any, names: tuple[str, ...]) -> None:
    """What a build or remove changed in a store (the documents counted under ``names``)."""
    for name in names:
        click.echo(f"{name:<12} {len(getattr(changes, name))} documents")
    click.echo(f"store        {changes.spec}: {changes.documents} documents, {changes.quads} quads")


@main.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC_ID...")
@click.option(
    "--store",
    required=True,
    envvar="KG_STORE",
    metavar="SPEC",
    help="The store to remove from: oxigraph:DIR or sparql:QUERY_URL,UPDATE_URL.",
)
@click.pass_context
def remove(ctx: click.Context, doc_ids: tuple[str, ...], store: str) -> None:
    """Retract documents (by their identifier, dcterms:identifier) from a store.

    Their named graphs go, with their sentences, facts, assertions and event mentions, and so do
    the entities no other document mentions; what other documents support stays. An unknown
    DOC_ID is reported and the exit code is 1; the other documents are still removed.
    """
    from kg.api import remove as run_remove

    changes = run_remove(list(doc_ids), store=store)
    for doc_id in changes.unknown:
        click.echo(
            f"Error: {changes.spec} holds no document {doc_id!r} (give its dcterms:identifier)",
            err=True,
        )
    _echo_changes(changes, ("removed",))
    if changes.unknown:
        ctx.exit(1)


@main.command()
@click.option(
    "-f", "--format", "fmt", help="Output format (default: from -o's extension, else turtle)."
)
@output_option("File to write (default: stdout).")
@graph_options
def export(fmt: str | None, output: Path | None, graph_path: Path, store: str) -> None:
    """Write the graph in another format.

    Formats: turtle, nt, nquads, trig, jsonld, xml (RDF/XML), graphml, gexf, csv (one row per
    assertion with its evidence), plover (JSON lines, one PLOVER-style record per event mention;
    -o FILE.jsonl). Turtle, N-Triples and RDF/XML hold the merged graph; TriG, N-Quads and
    JSON-LD keep one named graph per document.
    """
    from kg.outputs.export import export as run_export
    from kg.outputs.export import resolve_format

    name = resolve_format(fmt, output)  # an unknown format fails before the graph is loaded
    data = run_export(_load(graph_path, store), name, out=output)
    if data is not None:
        with click.open_file("-", "wb") as stdout:  # kept open: "-" is never closed
            stdout.write(data)
    else:
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Result format; CSV, TSV and JSON follow the W3C SPARQL 1.1 result formats.",
)
@click.option(
    "--list", "list_queries", is_flag=True, help="List the queries of the library and exit."
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let the query reach outside the graph: SERVICE endpoints, FROM of URLs and files.",
)
@graph_options
def query(
    sparql: str | None,
    fmt: str,
    list_queries: bool,
    allow_remote: bool,
    graph_path: Path,
    store: str,
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).

    SPARQL is the query text, a .rq file, or the name of a query of the library
    (ontology/queries/NAME.rq; kg query --list lists them). The prefixes kg:, kgd:, plover:,
    cameo:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms:, prov:, foaf:, org:, sem: and schema: are
    bound. Triple patterns see all named graphs. CONSTRUCT and DESCRIBE print Turtle.
    SERVICE, and FROM or FROM NAMED of anything but a graph of the dataset, are refused unless
    --allow-remote is given.
    """
    from kg.outputs.library import query_library

    if list_queries:
        library = query_library()
        width = max(len(name) for name in library)
        for name, entry in library.items():
            click.echo(f"{name.ljust(width)}  {entry.summary}")
        return
    if sparql is None:
        raise click.UsageError("give a SPARQL query, a .rq file or a query name (see --list)")
    from kg.outputs.native import answer

    native = answer(store, graph_path, sparql, allow_remote=allow_remote)
    if native is not None:
        from kg.outputs.results import write_answer

        click.echo(write_answer(native, fmt), nl=False)
        return
    from kg.outputs.query import format_result, prepare_query, run_query
    from kg.store.registry import parse_spec

    if parse_spec(store).is_files:
        parsed = prepare_query(sparql, allow_remote=allow_remote)  # before a large graph loads
        result = run_query(_load(graph_path), parsed, allow_remote=allow_remote)
    else:
        from kg.api import query_store

        result = query_store(store, sparql, allow_remote=allow_remote)
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@output_option("HTML file (default: next to the graph).")
@click.option("--title", default="kg graph", show_default=True, help="Page title.")
@click.option(
    "--focus",
    multiple=True,
    metavar="NAME",
    help="Only what is around this entity (label or alias, case ignored); repeatable.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --focus: how many relations away from it to go.",
)
@click.option(
    "--property",
    "properties",
    multiple=True,
    metavar="NAMES",
    help="Only relations of these properties, e.g. negotiatesWith,mediates (comma-separated "
    "or repeated).",
)
@min_confidence_option("Only relations at least this confident.", 0.0)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    metavar="N",
    help="At most N entities: the focus, then the most connected.",
)
@click.option(
    "--physics/--no-physics",
    default=None,
    help="Let the nodes move in the browser [default: on up to 300 entities].",
)
@graph_options
def view(
    output: Path | None,
    title: str,
    focus: tuple[str, ...],
    depth: int,
    properties: tuple[str, ...],
    min_confidence: float,
    max_nodes: int | None,
    physics: bool | None,
    graph_path: Path,
    store: str,
) -> None:
    """Write the interactive HTML view of the graph (self-contained; works offline).

    --focus, --property, --min-confidence and --max-nodes draw a smaller view of the same graph;
    an unknown entity or property is reported with the closest names.
    """
    from kg.outputs.network import subgraph, to_networkx
    from kg.outputs.view import render_html

    output = output or graph_path.with_suffix(".html")
    g = to_networkx(_load(graph_path, store))
    if focus or properties or min_confidence > 0 or max_nodes is not None:
        whole = (g.number_of_nodes(), g.number_of_edges())
        g = subgraph(
            g,
            focus=list(focus),
            depth=depth,
            properties=list(properties) or None,
            min_confidence=min_confidence,
            max_nodes=max_nodes,
        )
        click.echo(
            f"selected {g.number_of_nodes()} of {whole[0]} entities, "
            f"{g.number_of_edges()} of {whole[1]} relations",
            err=True,
        )
    render_html(g, output, title=title, physics=physics)
    click.echo(f"wrote {output}")


@main.command(name="stats")
@graph_options
def stats_command(graph_path: Path, store: str) -> None:
    """Count documents, sentences, entities by class, relations by property and events by type."""
    from kg.outputs.stats import format_stats, stats

    click.echo(format_stats(stats(_load(graph_path, store))), nl=False)


@main.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--document", help="Score only the document with this identifier (TSV gold).")
@click.option("--show", is_flag=True, help="List every hit, miss and wrong fact.")
@graph_options
def eval_command(
    gold: Path, document: str | None, show: bool, graph_path: Path, store: str
) -> None:
    """Score the graph against a gold set: a TSV of facts or a JSON list of PLOVER records.

    \b
    TSV (id, kind, subject, predicate, object): precision, recall of required facts, forbidden.
    PLOVER JSON (id, event, source, target, text): event-type, source and full recall and
    precision, with each record built as the document whose id is the record id.
    """
    from kg.evaluate import facts, plover

    if plover.looks_like_records(gold):
        records = plover.read_records(gold)
        report = plover.score(_load(graph_path, store), records.records)
        click.echo(plover.format_report(report, records.records, show=show), nl=False)
        notes = records.notes
    else:
        rows = facts.read_gold(gold)
        scores = facts.score(_load(graph_path, store), rows.rows, document=document)
        click.echo(facts.format_report(scores, show=show), nl=False)
        notes = rows.notes
    for note in facts.format_notes(notes):  # after the scores: an error stays one line
        click.echo(note, err=True)


@main.command(name="validate")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the full SHACL validation report here, as Turtle.",
)
@graph_options
@click.pass_context
def validate_command(
    ctx: click.Context, report_path: Path | None, graph_path: Path, store: str
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl).

    All named graphs are validated as one graph (the one kg infer writes is left out). Prints
    a short report grouped by shape. Exit code 0 when the graph conforms, 1 when it does not,
    2 when it cannot be read.
    """
    from kg.rdf.validate import save_report, validate

    report = validate(_load(graph_path, store))
    click.echo(report.text, nl=False)
    if report_path is not None:
        save_report(report, report_path)
        click.echo(f"wrote {report_path}", err=True)
    if not report.conforms:
        ctx.exit(1)


@main.command(name="infer")
@output_option("TriG file to write (default: the graph read with --in).")
@click.option("--drop", is_flag=True, help="Remove the inferred graph instead (undo kg infer).")
@graph_options
def infer_command(output: Path | None, drop: bool, graph_path: Path, store: str) -> None:
    """Add the RDFS/OWL-RL consequences of the ontology to the graph, in their own named graph.

    Every person and country also becomes a kg:Actor (and foaf:Person, prov:Agent ...);
    symmetric and inverse properties get their other direction; heldIn implies locatedIn. The
    new triples go into <base>graph/inferred, replacing an older one; the extracted graphs are
    not changed, and --drop removes the inferred graph again. With --store the inferred graph
    is written back into the store, in one transaction.
    """
    from kg.rdf.infer import infer, remove_inferred
    from kg.rdf.namespace import shorten
    from kg.store.files import save_dataset
    from kg.store.registry import parse_spec

    if not parse_spec(store).is_files:
        from kg.api import infer_store

        done = infer_store(store, drop=drop)
        if drop:
            click.echo(f"dropped {done} inferred triples from {store}")
        else:
            click.echo(f"inferred {done.added} triples in {shorten(done.graph)} of {store}")
        return
    target = output or graph_path
    if target.suffix.lower() != ".trig":
        raise click.UsageError(
            f"{target}: the inferred triples need a named graph; write TriG with -o FILE.trig"
        )
    ds = _load(graph_path)
    if drop:
        click.echo(f"dropped {remove_inferred(ds)} inferred triples")
    else:
        result = infer(ds)
        kinds = ", ".join(f"{name} {n}" for name, n in result.by_predicate.items())
        click.echo(
            f"inferred {result.added} triples in {shorten(result.graph)} "
            f"({kinds or 'nothing new'}) in {result.seconds:.1f} s"
        )
    save_dataset(ds, target)
    click.echo(f"wrote {target}")


@main.command(name="ontology")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
    help="Markdown, or one self-contained HTML page.",
)
@output_option("File to write (default: stdout).")
@GRAPH_OPTION
@click.pass_context
def ontology_command(ctx: click.Context, fmt: str, output: Path | None, graph_path: Path) -> None:
    """Write the reference of the ontology: classes, properties, PLOVER and CAMEO mappings.

    Generated from ontology/kg.ttl each time. Each relation property gets an example fact from
    the graph (--in); when the default graph does not exist, the examples are left out and the
    reference says so.
    """
    from kg.outputs.reference import reference

    graph, name, note = None, None, ""
    source = ctx.get_parameter_source("graph_path")
    if source is click.core.ParameterSource.DEFAULT and not graph_path.exists():
        note = f"none: no graph at {graph_path} (run kg build, or pass --in GRAPH)"
    else:
        graph, name = _load(graph_path), str(graph_path)
    text = reference(fmt, graph=graph, graph_name=name, note=note)
    if output is None:
        click.echo(text, nl=False)
        return
    from kg.atomic import write_atomically

    write_atomically(output, text)
    click.echo(f"wrote {output}", err=True)


@main.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--allow-update", is_flag=True, help="Accept SPARQL updates (applied to the served graph)."
)
@graph_options
def serve_command(
    host: str, port: int, timeout: float, allow_update: bool, graph_path: Path, store: str
) -> None:
    """Serve the graph: a SPARQL 1.1 endpoint at /sparql, the view and the ontology reference.

    With --store oxigraph:DIR the store is opened read-only for each query, so kg build --store
    may add documents meanwhile; each query sees those committed when it starts. Read-only
    unless --allow-update (updates change the graph in memory, not the file; a store's are
    written to the store). Results
    by the Accept header: SPARQL JSON (default), XML, CSV, TSV; CONSTRUCT and DESCRIBE as Turtle
    (default), N-Triples, RDF/XML, JSON-LD. SERVICE, LOAD and FROM of anything but the graph are
    refused.
    """
    from kg.serve.server import serve
    from kg.store.registry import parse_spec

    files = parse_spec(store).is_files
    serve(
        _load(graph_path) if files else store,
        source=str(graph_path) if files else store,
        host=host,
        port=port,
        timeout=timeout,
        allow_update=allow_update,
    )
