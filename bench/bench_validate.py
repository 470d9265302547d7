"""Time `validate` (engine sparql, and pyshacl as the reference) at 1x/10x/100x, with injected violations.

Run: python bench/bench_validate.py [--factors 1 10 100] [--reference-max 100] [--out docs/benchmarks-validate.md]
Each (factor, engine) runs in a fresh child process that builds the synthetic graph (bench/synthetic.py), injects
the same violations into its last copy (`inject`), and times `validate_quads` (store, SHACL, provenance check,
file/record/field of each result); the child's peak RSS includes the graph as Python objects. The script asserts
that both engines give the same findings (severity, shape, focus, path, value, message, file, record, field).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import resource
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from synthetic import synthetic

from llm4cell_kg.common.namespaces import L4C, RDFS, SCHEMES, XSD

Finding = tuple[str, str, str, str, str, str, str, str, str]


def inject(quads: list[ox.Quad], factor: int) -> list[ox.Quad]:
    """Seven kinds of violation in the last copy of the graph (copy 0 at 1x), one shape or check each."""
    suffix = f"/r{factor - 1}" if factor > 1 else ""
    model = ox.NamedNode(SCHEMES["model"] + "scgpt" + suffix)
    geneformer = ox.NamedNode(SCHEMES["model"] + "geneformer" + suffix)
    out = []
    for q in quads:
        p = q.predicate.value
        if q.subject == model and p == L4C + "family":  # ModelFamily: not a family of the ontology
            q = ox.Quad(q.subject, q.predicate, ox.NamedNode(L4C + "NoSuchFamily"), q.graph_name)
        elif q.subject == model and p == L4C + "domainScoreMax":  # ModelScoreMax: 11 > 10
            q = ox.Quad(q.subject, q.predicate, ox.Literal("11", datatype=ox.NamedNode(XSD + "integer")), q.graph_name)
        elif q.subject == geneformer and p == L4C + "year":  # ModelYear: ill-typed integer
            q = ox.Quad(
                q.subject, q.predicate, ox.Literal("twenty", datatype=ox.NamedNode(XSD + "integer")), q.graph_name
            )
        elif q.subject == geneformer and p == RDFS + "label":  # ModelLabel: a second name
            out.append(ox.Quad(q.subject, q.predicate, ox.Literal("Geneformer (again)"), q.graph_name))
        out.append(q)
    table_row = next(
        q.subject
        for q in out
        if q.predicate.value == L4C + "quote" and q.subject.value.endswith(suffix) and "/table7/" in q.subject.value
    )
    out = [q for q in out if not (q.subject == table_row and q.predicate.value == L4C + "quote")]  # SourceQuote
    out.append(ox.Quad(model, ox.NamedNode(L4C + "year"), ox.Literal("2024", datatype=ox.NamedNode(XSD + "integer"))))
    out.append(  # provenance: a triple in a named graph that no record describes
        ox.Quad(
            geneformer,
            ox.NamedNode(L4C + "agentic"),
            ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")),
            ox.NamedNode(SCHEMES["src"] + "hand-edit" + suffix),
        )
    )
    return out


def child(factor: int, engine: str, conn: object) -> None:
    from llm4cell_kg.build.graph import build_quads
    from llm4cell_kg.checks.validate import validate_quads

    quads = inject(synthetic(build_quads(), factor), factor)
    t, cpu = time.perf_counter(), time.process_time()
    report = validate_quads(quads, engine=engine)
    sec, cpu = time.perf_counter() - t, time.process_time() - cpu  # CPU: all the process's threads
    found = Counter(
        (r.severity, r.shape, r.focus, r.path, r.value, r.message, r.file, r.record, r.field) for r in report.results
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send((len(quads), sec, cpu, peak, len(report.violations), len(report.warnings), found))  # type: ignore[attr-defined]


def run(factor: int, engine: str) -> tuple[int, float, float, float, int, int, Counter[Finding]]:
    parent, conn = mp.Pipe()
    p = mp.get_context("spawn").Process(target=child, args=(factor, engine, conn))
    p.start()
    out = parent.recv()
    p.join()
    return out  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--reference-max", type=int, default=100, help="largest factor also run with pyshacl")
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks-validate.md"))
    args = ap.parse_args()
    rows = []
    for f in args.factors:
        engines = ["sparql", "pyshacl"] if f <= args.reference_max else ["sparql"]
        res = {}
        for e in engines:
            res[e] = run(f, e)
            n, sec, cpu, peak, nv, nw, _ = res[e]
            print(f"{f}x {e}: {n} quads, {sec:.2f} s ({cpu:.2f} s CPU), {peak:.0f} MB, {nv} V, {nw} W", flush=True)
        same = "yes" if len(res) < 2 else ("yes" if res["sparql"][6] == res["pyshacl"][6] else "NO")
        assert same == "yes" or len(res) < 2, f"engines disagree at {f}x"
        rows.append((f, res, same if len(res) == 2 else "(not run)"))
    cmd = "python bench/bench_validate.py " + " ".join(
        ["--factors", *map(str, args.factors), "--reference-max", str(args.reference_max)]
    )
    lines = [
        "# Validation benchmark (measured)",
        "",
        f"Measured by `{cmd}` in one run on {platform.machine()} / Python {platform.python_version()} "
        f"({platform.system()}, {mp.cpu_count()} cores).",
        "",
        "Each row is one fresh process: it builds the synthetic graph (every model, dataset, publication and",
        "source-location quad repeated under new IRIs; bench/synthetic.py), injects seven violations into the last",
        "copy (a family outside the ontology, a domain score of 11, an ill-typed year, a second name, a missing quote,",
        "a triple in the default graph, a triple in an undescribed named graph; `inject` in the script) and times",
        "`validate_quads`: the store, SHACL, the provenance check and the file/record/field of each result (seconds:",
        "wall clock; CPU: user+system time of all the process's threads, which says more on a shared machine). Peak",
        "RSS is the process's, including the graph as Python objects. `sparql` (the default engine of `llm4cell-kg",
        "validate`) runs ontology/shapes.ttl compiled to SPARQL on the pyoxigraph store",
        "(llm4cell_kg/checks/shacl_sparql.py); `pyshacl` is the reference engine on the union graph.",
        "",
        "| graph | quads | engine | seconds | CPU s | peak RSS MB | violations | warnings | same findings as pyshacl |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for f, res, same in rows:
        for e, (n, sec, cpu, peak, nv, nw, _) in res.items():
            lines.append(f"| {f}x | {n} | {e} | {sec:.2f} | {cpu:.2f} | {peak:.0f} | {nv} | {nw} | {same} |")
    lines += ["", "Ratios (pyshacl / sparql, same run):"]
    for f, res, _ in rows:
        if "pyshacl" in res:
            lines.append(f"- {f}x: {res['pyshacl'][1] / res['sparql'][1]:.1f}x faster")
    lines += [
        "",
        "Same findings means the multisets of (severity, shape, focus, path, value, message, file, record, field)",
        "are equal; the script asserts it. tests/checks/test_shacl_sparql.py asserts the same on the survey graph, on",
        "every shape fixture (tests/checks/fixtures/shapes/) and on mutated copies of the survey graph.",
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
