"""Why the view lays out large components with its own numpy code and not networkx's.

From 500 nodes on, ``networkx.spring_layout`` needs scipy and runs either the energy-based
method (its default there) or the sparse force-directed one. This times both, and
``kg.outputs.view._numpy_spring`` (the same Fruchterman-Reingold forces in numpy), on the
largest connected component of the graph of ``bench/view_bench.py`` (2,000 entities, 5,000
relations by default), then ``kg.outputs.view.layout`` on the whole graph. Each figure is the
best of ``--repeat`` runs, since the machine may be shared.

    .venv/bin/pip install scipy        # only for the networkx rows (the bench extra of kg)
    .venv/bin/python bench/layout_bench.py [--nodes 2000] [--edges 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import timeit
from collections.abc import Callable
from importlib.util import find_spec

import networkx as nx
from view_bench import generate

from kg.outputs.network import to_networkx
from kg.outputs.view import _numpy_spring, layout

SEED = 7  # the view's default layout seed


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The shortest of ``repeat`` wall-clock times of ``run``, in seconds."""
    return min(timeit.repeat(run, number=1, repeat=repeat))


def largest_component(g: nx.MultiDiGraph) -> nx.Graph:
    """The largest connected component as a simple undirected graph, as the view lays it out."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in g.edges() if u != v}))
    nodes = max(nx.connected_components(simple), key=len)
    return nx.Graph(simple.subgraph(sorted(nodes)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    g = to_networkx(generate(args.nodes, args.edges))
    component = largest_component(g)
    rows = [
        ("graph", f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges"),
        ("largest component", f"{len(component):,} nodes, {component.number_of_edges():,} edges"),
        (
            "kg `_numpy_spring` (component)",
            f"{best_of(args.repeat, lambda: _numpy_spring(component, SEED)):.2f} s",
        ),
    ]
    if find_spec("scipy") is None:
        rows.append(("networkx `spring_layout` (component)", "needs scipy: pip install scipy"))
    else:
        for method in ("energy", "force"):
            seconds = best_of(
                args.repeat, lambda m=method: nx.spring_layout(component, seed=SEED, method=m)
            )
            rows.append((f"networkx `spring_layout(method={method!r})`", f"{seconds:.2f} s"))
    rows.append(("kg `layout` (whole graph)", f"{best_of(args.repeat, lambda: layout(g)):.2f} s"))

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs\n")
    print(f"| step | best of {args.repeat} |\n|---|---|")
    for step, figure in rows:
        print(f"| {step} | {figure} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
