"""The survey's Figures 1, 3, 4 and 5 and a dataset-scale chart, drawn from the canned query results (PNG + SVG)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..common.atomic import atomic_files
from ..common.options import data_option, sources_option
from .drawings import FORMATS

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox

DPI = 150
AGENTIC_COLOR = "#1b3a6b"  # Figures 4 and 5: agentic in dark blue ...
NON_AGENTIC_COLOR = "#f2c230"  # ... and non-agentic in yellow
#: display order of the families (§4.1-4.5, then Table 7's "Benchmark / Evaluation" category)
FAMILY_ORDER = ("foundation", "text-bridge", "spatial-multimodal", "epigenomic", "agentic", "benchmark-evaluation")
#: display order of the tasks: the eight analytical tasks in §5's order, then auxiliary tasks alphabetically
TASK_ORDER = (
    "annotation",
    "trajectory-perturbation",
    "multiomic-integration",
    "spatial-mapping",
    "regulatory-network",
    "cross-species",
    "generation",
    "drug-response",
)
#: how a count or cell the survey states only in sentences about groups of models is drawn (docs/modelling.md, "Group
#: statements"): hatched, and lighter where a bar also has a part stated of the model alone
GROUP_HATCH = "///"
GROUP_NOTE = "hatched: named only in sentences about a group of models, never about the model alone"
FAMILY_COLORS = ("#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#ff7f0e", "#7f7f7f", "#17becf", "#8c564b")
RC: dict[Any, Any] = {  # matplotlib's rc keys, typed as Literal there
    "svg.hashsalt": "llm4cell-kg",  # stable element ids: reruns give byte-identical SVG
    "svg.fonttype": "none",  # keep labels as <text> (searchable, selectable)
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
}


#: under `--sources all`, the note every figure carries on the survey's share (None: the survey's figures, as ever)
_SHARE: ContextVar[str | None] = ContextVar("figure_share", default=None)
#: how a model or dataset from another publication is marked in a figure (`--sources all`)
OTHER_MARK = " †"


@dataclass
class Figure:
    """One drawn figure: its name, the files written, and the data it plots (straight from the queries)."""

    name: str
    title: str
    paths: list[Path]
    data: pd.DataFrame


def _footnote(fig: Any, y: float, text: str) -> None:
    """A note centred under a figure's panels, in the figures' small grey type."""
    fig.text(0.5, y, text, ha="center", va="top", fontsize=9, color="#444444")


def _save(fig: Any, outdir: Path, name: str) -> list[Path]:
    """Write `fig` as PNG and SVG into `outdir`, atomically (both are renamed in once both are drawn)."""
    import matplotlib.pyplot as plt

    written = [outdir / f"{name}.{ext}" for ext in FORMATS]
    share = _SHARE.get()
    if share is not None:  # --sources all: the survey's share, under everything else
        fig.text(0.5, -0.02, share, ha="center", va="top", fontsize=9, color="#444444")
    try:
        with atomic_files(written) as temps:
            for ext, tmp in zip(FORMATS, temps, strict=True):
                meta = {"Date": None} if ext == "svg" else {"Software": None}
                fig.savefig(tmp, format=ext, dpi=DPI, bbox_inches="tight", metadata=meta, facecolor="white")
    finally:
        plt.close(fig)
    return written


def _order(iri: str, order: tuple[str, ...]) -> tuple[int, str]:
    """Sort key: position of the CURIE's local name in `order`, unknown ones last (alphabetically)."""
    local = iri.split(":", 1)[-1]
    return (order.index(local) if local in order else len(order), local)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _df(name: str, store: ox.Store) -> pd.DataFrame:
    """The canned query's answer; under `--sources all` over every source, each model or dataset resting on another
    publication alone marked † in its label."""
    from .frames import query_df
    from .sources import NOT_IN_SURVEY

    if _SHARE.get() is None:
        return query_df(name, store)
    df = query_df(name, store, sources="all")
    other = df["source"].str.startswith(NOT_IN_SURVEY)
    for col in ("modelLabel", "datasetLabel"):
        if col in df:
            df.loc[other, col] = df.loc[other, col] + OTHER_MARK
    return df


def _pyplot() -> tuple[Any, Any]:
    """matplotlib (on the Agg backend) and pyplot, imported only when a figure is drawn, not found in the cache."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return matplotlib, plt


def _kept(
    figure: Callable[..., Figure],
    frames: list[pd.DataFrame],
    draw: Callable[[Path], list[Path]],
    outdir: Path,
    cached: bool,
) -> list[Path]:
    """The files of `figure` drawn by `draw` from the query results `frames`, or kept from an earlier drawing of the
    same results by the same code (`drawings`)."""
    from .drawings import kept

    code = Path(__file__).read_text(encoding="utf-8")
    name = next(n for n, f in FIGURES.items() if f is figure)
    share = _SHARE.get()
    return kept(name, [code, *([share] if share else []), *(f.to_csv() for f in frames)], draw, outdir, cached)


# ---------------------------------------------------------------- Figure 1: taxonomy tree
def figure1_taxonomy(store: ox.Store, outdir: Path, cached: bool = True) -> Figure:
    """Figure 1: the taxonomy as a tree, LLM4Cell -> families -> Table 7 models (query figure1-taxonomy)."""
    df = _df("figure1-taxonomy", store)
    fam_ids = sorted(df["family"].unique(), key=lambda f: _order(f, FAMILY_ORDER))
    labels = dict(zip(df["family"], df["familyLabel"], strict=False))
    groups = {f: sorted(df.loc[df["family"] == f, "modelLabel"], key=str.casefold) for f in fam_ids}
    n_leaves = sum(len(v) for v in groups.values())
    gap = 1.2
    height = 0.19 * (n_leaves + gap * len(fam_ids)) + 1.0

    def draw(outdir: Path) -> list[Path]:
        matplotlib, plt = _pyplot()
        with matplotlib.rc_context(RC):
            fig, ax = plt.subplots(figsize=(10, height))
            y = 0.0
            fam_y = {}
            for i, f in enumerate(fam_ids):
                color = FAMILY_COLORS[i % len(FAMILY_COLORS)]
                ys = []
                for model in groups[f]:
                    ys.append(y)
                    ax.text(2.0, y, model, va="center", ha="left", fontsize=9, color=color)
                    y -= 1
                fy = (ys[0] + ys[-1]) / 2
                fam_y[f] = fy
                ax.plot([1.6, 1.6], [ys[0], ys[-1]], color=color, lw=1.2)
                for ly in ys:
                    ax.plot([1.6, 1.95], [ly, ly], color=color, lw=1.0)
                ax.plot([1.0, 1.6], [fy, fy], color=color, lw=1.5)
                ax.text(
                    1.0,
                    fy,
                    f"{_wrap(labels[f], 22)}\n({len(ys)} models)",
                    va="center",
                    ha="center",
                    fontsize=10,
                    fontweight="bold",
                    color="white",
                    bbox={"boxstyle": "round,pad=0.4", "facecolor": color, "edgecolor": color},
                )
                y -= gap
            ry = (max(fam_y.values()) + min(fam_y.values())) / 2
            ax.plot([0.3, 0.3], [min(fam_y.values()), max(fam_y.values())], color="#444444", lw=1.5)
            for fy in fam_y.values():
                ax.plot([0.3, 0.75], [fy, fy], color="#444444", lw=1.5)
            ax.plot([0.0, 0.3], [ry, ry], color="#444444", lw=1.5)
            ax.text(
                0.0,
                ry,
                "LLM4Cell",
                va="center",
                ha="center",
                fontsize=12,
                fontweight="bold",
                color="white",
                bbox={"boxstyle": "round,pad=0.5", "facecolor": "#333333"},
            )
            ax.set_xlim(-0.25, 2.9)
            ax.set_ylim(y + gap - 2.0, 0.8)
            ax.axis("off")
            ax.set_title("Figure 1: Hierarchical taxonomy of LLM4Cell (families → Table 7 models)")
            ax.text(
                0.0,
                y + gap - 1.2,
                "A model whose Table 7 category names two families appears under both.",
                ha="left",
                va="top",
                fontsize=9,
                color="#444444",
            )
            fig.subplots_adjust(left=0.02, right=0.98, top=0.97, bottom=0.01)
            return _save(fig, outdir, "figure1-taxonomy")

    paths = _kept(figure1_taxonomy, [df], draw, outdir, cached)
    return Figure("figure1-taxonomy", "Figure 1: taxonomy tree", paths, df)


# ---------------------------------------------------------------- Figure 3: task x model heatmap
def figure3_task_model_heatmap(store: ox.Store, outdir: Path, cached: bool = True) -> Figure:
    """Figure 3: which model performs which of the eight analytical tasks (query figure3-task-model-matrix); the
    cells only sentences about groups of models name are hatched."""
    df = _df("figure3-task-model-matrix", store)
    matrix = df.pivot_table(index="modelLabel", columns="taskLabel", values="sources", aggfunc="max", fill_value=0)
    task_order = df.drop_duplicates("task").sort_values("task").set_index("taskLabel")["task"]
    matrix = matrix.reindex(columns=sorted(matrix.columns, key=lambda t: _order(task_order[t], TASK_ORDER)))
    matrix = matrix.reindex(index=sorted(matrix.index, key=str.casefold))
    n_models, n_tasks = matrix.shape
    top = int(matrix.to_numpy().max()) if matrix.size else 1

    def draw(outdir: Path) -> list[Path]:
        matplotlib, plt = _pyplot()
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.patches import Rectangle

        cmap = ListedColormap(["#f4f4f4", "#9ecae1", "#3182bd", "#08519c", "#08306b"][: top + 1])
        norm = BoundaryNorm([x - 0.5 for x in range(top + 2)], cmap.N)
        with matplotlib.rc_context(RC):
            fig, ax = plt.subplots(figsize=(2.5 + 1.0 * n_tasks, 1.8 + 0.24 * n_models))
            im = ax.imshow(matrix.to_numpy(), aspect="auto", cmap=cmap, norm=norm)
            ax.set_xticks(
                range(n_tasks),
                [_wrap(t, 18) for t in matrix.columns],
                rotation=45,
                ha="right",
                rotation_mode="anchor",
                fontsize=9,
            )
            ax.set_yticks(range(n_models), list(matrix.index), fontsize=8.5)
            ax.xaxis.set_ticks_position("top")
            ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
            plt.setp(ax.get_xticklabels(), rotation=45, ha="left", rotation_mode="anchor")
            ax.set_xticks([x - 0.5 for x in range(n_tasks + 1)], minor=True)
            ax.set_yticks([y - 0.5 for y in range(n_models + 1)], minor=True)
            ax.grid(which="minor", color="white", linewidth=1.2)
            ax.tick_params(which="minor", length=0)
            rows, cols, counts = list(matrix.index), list(matrix.columns), matrix.to_numpy()
            for model, task in zip(*_group_only(df, "modelLabel", "taskLabel"), strict=True):
                r, c = rows.index(model), cols.index(task)
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5),
                        1,
                        1,
                        fill=False,
                        hatch=GROUP_HATCH,
                        edgecolor="white" if counts[r, c] >= 3 else "#444444",  # seen on dark cells too
                        linewidth=0,
                        gid=f"group-only {model} / {task}",
                    )
                )
            cbar = fig.colorbar(im, ax=ax, ticks=range(top + 1), fraction=0.04, pad=0.02, shrink=0.4)
            cbar.set_label("survey locations naming the task\n(Table 7 row, prose claims)", fontsize=9)
            ax.set_title("Figure 3: Task vs Model heatmap (8 analytical tasks of §5)", pad=14)
            ax.set_xlabel(_wrap(GROUP_NOTE, 70), fontsize=9, color="#444444")
            return _save(fig, outdir, "figure3-task-model-heatmap")

    paths = _kept(figure3_task_model_heatmap, [df], draw, outdir, cached)
    return Figure("figure3-task-model-heatmap", "Figure 3: task vs model heatmap", paths, df)


def _group_only(df: pd.DataFrame, row: str, col: str) -> tuple[list[str], list[str]]:
    """The (row, column) labels of the cells whose basis is "group": only sentences about groups name them."""
    part = df[df["basis"] == "group"]
    return list(part[row]), list(part[col])


# ---------------------------------------------------------------- Figures 4 and 5: agentic vs non-agentic bars
def _paired_bars(
    ax: Any,
    labels: list[str],
    agentic: list[int],
    non_agentic: list[int],
    xlabel: str,
    wrap: int = 30,
    alone: tuple[list[int], list[int]] | None = None,
) -> None:
    """Agentic and non-agentic bars per label; with `alone` (the part of each count a sentence about the model alone
    states), the rest of each bar, stated only of groups, is hatched and lighter, and the label says both."""
    n = len(labels)
    h = 0.38
    ys = list(range(n))
    hatched: dict[str, Any] = {"hatch": GROUP_HATCH, "alpha": 0.45} if alone else {}
    b1 = ax.barh(
        [y - h / 2 for y in ys], agentic, height=h, color=AGENTIC_COLOR, label="agentic", edgecolor="white", **hatched
    )
    b2 = ax.barh(
        [y + h / 2 for y in ys],
        non_agentic,
        height=h,
        color=NON_AGENTIC_COLOR,
        label="non-agentic",
        edgecolor="#b8900f",
        linewidth=0.5,
        **hatched,
    )
    if alone is None:
        for bars in (b1, b2):
            ax.bar_label(bars, fmt="%g", padding=2, fontsize=8.5)
    else:
        for bars, totals, own, color, dy in (
            (b1, agentic, alone[0], AGENTIC_COLOR, -h / 2),
            (b2, non_agentic, alone[1], NON_AGENTIC_COLOR, h / 2),
        ):
            ax.barh([y + dy for y in ys], own, height=h, color=color, edgecolor="#b8900f", linewidth=0.5)
            words = [f"{t} ({a} alone)" if t and a != t else f"{t}" for t, a in zip(totals, own, strict=True)]
            ax.bar_label(bars, words, padding=2, fontsize=8.5)
    ax.set_yticks(ys, [_wrap(lbl, wrap) for lbl in labels], fontsize=9.5)
    if not ax.yaxis_inverted():  # shared y axes: invert once
        ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    ax.spines[["top", "right"]].set_visible(False)


def figure4_agentic_task_coverage(store: ox.Store, outdir: Path, cached: bool = True) -> Figure:
    """Figure 4: per task, Table 7 models marked agentic vs non-agentic (query figure4-agentic-task-coverage),
    as counts and as a share of each group (group sizes from query agentic-vs-non-agentic)."""
    raw, groups = _df("figure4-agentic-task-coverage", store), _df("agentic-vs-non-agentic", store)
    df = raw.iloc[sorted(range(len(raw)), key=lambda i: _order(raw["task"].iloc[i], TASK_ORDER))]
    df = df.reset_index(drop=True)
    sizes = groups.set_index("agentic")["models"]
    n_ag, n_non = int(sizes.get(True, 0)), int(sizes.get(False, 0))
    df = df.assign(
        agenticShare=(100 * df["agentic"] / n_ag).round(1) if n_ag else 0.0,
        nonAgenticShare=(100 * df["nonAgentic"] / n_non).round(1) if n_non else 0.0,
    )
    labels = list(df["label"])

    def draw(outdir: Path) -> list[Path]:
        matplotlib, plt = _pyplot()
        with matplotlib.rc_context(RC):
            fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 1.6 + 0.55 * len(df)), sharey=True)
            _paired_bars(a1, labels, list(df["agentic"]), list(df["nonAgentic"]), "Table 7 models listing the task")
            _paired_bars(
                a2,
                labels,
                list(df["agenticShare"]),
                list(df["nonAgenticShare"]),
                f"% of group (agentic n={n_ag}, non-agentic n={n_non})",
            )
            a1.set_title("models")
            a2.set_title("share of group")
            handles, names = a1.get_legend_handles_labels()
            fig.legend(
                handles,
                [f"agentic (n={n_ag})", f"non-agentic (n={n_non})"],
                loc="upper center",
                ncol=2,
                bbox_to_anchor=(0.5, 1.0),
                frameon=False,
            )
            fig.suptitle(
                "Figure 4: Task coverage of agentic vs non-agentic models (Table 7)", fontweight="bold", y=1.06
            )
            fig.tight_layout()
            return _save(fig, outdir, "figure4-agentic-task-coverage")

    paths = _kept(figure4_agentic_task_coverage, [raw, groups], draw, outdir, cached)
    return Figure("figure4-agentic-task-coverage", "Figure 4: agentic vs non-agentic task coverage", paths, df)


def figure5_agentic_domain_coverage(store: ox.Store, outdir: Path, cached: bool = True) -> Figure:
    """Figure 5: per domain dimension, agentic vs non-agentic Table 7 models the prose names as a strength and as
    a limitation (query figure5-agentic-domain-coverage); the part named only in sentences about groups hatched.
    Both panels count models, on one x-scale; the legend gives each group's size (query agentic-vs-non-agentic)."""
    df, groups = _df("figure5-agentic-domain-coverage", store), _df("agentic-vs-non-agentic", store)
    sizes = groups.set_index("agentic")["models"]
    n_ag, n_non = int(sizes.get(True, 0)), int(sizes.get(False, 0))

    def draw(outdir: Path) -> list[Path]:
        matplotlib, plt = _pyplot()
        from matplotlib.patches import Patch
        from matplotlib.ticker import MaxNLocator

        with matplotlib.rc_context(RC):
            n = df["domain"].nunique()
            fig, axes = plt.subplots(1, 2, figsize=(13, 1.6 + 0.6 * n), sharey=True, sharex=True)
            for ax, kind in zip(axes, ("strength", "limitation"), strict=True):
                part = df[df["kind"] == kind]
                _paired_bars(
                    ax,
                    list(part["label"]),
                    list(part["agentic"]),
                    list(part["nonAgentic"]),
                    f"Table 7 models named as a {kind}",
                    wrap=28,
                    alone=(list(part["agenticAlone"]), list(part["nonAgenticAlone"])),
                )
                ax.set_title(f"{kind}s (§6, Appendix C)")
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of models
            handles = [
                Patch(facecolor=AGENTIC_COLOR, label=f"agentic (n={n_ag})"),
                Patch(
                    facecolor=NON_AGENTIC_COLOR, edgecolor="#b8900f", linewidth=0.5, label=f"non-agentic (n={n_non})"
                ),
                Patch(
                    facecolor="white", edgecolor="#444444", hatch=GROUP_HATCH, label="only in sentences about groups"
                ),
            ]
            fig.legend(handles=handles, loc="upper center", ncol=3, bbox_to_anchor=(0.5, 1.0), frameon=False)
            fig.suptitle("Figure 5: Domain coverage of agentic vs non-agentic models", fontweight="bold", y=1.06)
            _footnote(
                fig,
                -0.01,
                "solid: named in a sentence about the model alone; "
                + GROUP_NOTE.replace("hatched", "hatched, lighter"),
            )
            fig.tight_layout()
            return _save(fig, outdir, "figure5-agentic-domain-coverage")

    paths = _kept(figure5_agentic_domain_coverage, [df, groups], draw, outdir, cached)
    return Figure("figure5-agentic-domain-coverage", "Figure 5: agentic vs non-agentic domain coverage", paths, df)


# ---------------------------------------------------------------- dataset scale by modality
def same_atlas(store: ox.Store) -> dict[str, str]:
    """A dataset row that prints the resource an earlier row prints -> that row's dataset, as the audit rule
    duplicate-dataset finds them (two rows printing the same figures for two or more quantities): its cells are
    counted once. On the survey: Table 1 row 5, "HCA lung project" (2.4 M cells / 49 datasets) -> row 4's Human Lung
    Cell Atlas v1.0 (~2.4 M / 49 datasets / 16 studies)."""
    from ..common.prefixes import compress
    from ..store.sparql import run
    from .query import get_query

    rows = run(store, get_query("audit/duplicate-dataset").text).rows
    second = {r[5].value: r[0].value for r in rows}  # the second row's graph -> the first row's dataset
    out: dict[str, str] = {}
    for g, d in run(store, "SELECT ?g ?d WHERE { ?g l4c:rowSubject ?d }").rows:
        if g.value in second:
            out.setdefault(compress(d.value), compress(second[g.value]))
    return out


def _scale_rows(store: ox.Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each dataset's printed cell count per modality (view dataset-cells): those counted, and those `same_atlas`
    merges into another row of the same modality."""
    from ..store.sparql import run
    from .frames import to_df
    from .lookup import view_query
    from .sources import restrict

    survey = restrict(store, "survey")
    df = to_df(run(survey, view_query("dataset-cells")))
    pairs = set(zip(df["modality"], df["dataset"], strict=True))
    twice = df["dataset"].map(same_atlas(survey)).combine(df["modality"], lambda same, m: (m, same) in pairs)
    return df[~twice].reset_index(drop=True), df[twice].reset_index(drop=True)


def _scale_text(cells: int, atlases: int, approx: int, lower: int, ranges: int) -> str:
    """A bar's label: the total, marked "~" when a figure is approximate and "at least" when one is a lower bound or
    a range's lower end, then how many figures are which."""
    if not cells:
        return ""
    marks = [f"{approx} '~'" if approx else "", f"{lower} '>'" if lower else ""]
    marks.append(f"{ranges} range{'s' if ranges > 1 else ''} at its lower end" if ranges else "")
    total = ("at least " if lower or ranges else "") + ("~" if approx else "") + f"{cells / 1e6:.2f} M cells"
    detail = ", ".join(m for m in marks if m)
    return f"{total}\n({atlases} datasets" + (f": {detail})" if detail else ")")


def dataset_scale_by_modality(store: ox.Store, outdir: Path, cached: bool = True) -> Figure:
    """Total cells (log scale; view dataset-cells) and number of datasets (query datasets-per-modality), each
    total marked for its approximate ("~"), lower-bound (">") and range figures, one atlas printed in two rows
    (`same_atlas`, the audit's duplicate-dataset findings) counted once in both panels."""
    (rows, twice), counts = _scale_rows(store), _df("datasets-per-modality", store)
    q = rows["qualifier"]
    per = (
        rows.assign(approx=q == "~", lower=q == ">", ranges=q == "range")
        .groupby(["modality", "label"], as_index=False)
        .agg(
            cells=("cells", "sum"),
            datasetsWithCells=("dataset", "nunique"),
            approx=("approx", "sum"),
            lowerBound=("lower", "sum"),
            ranges=("ranges", "sum"),
        )
    )
    df = counts.merge(per, on=["modality", "label"], how="left")
    for col in ("cells", "datasetsWithCells", "approx", "lowerBound", "ranges"):
        df[col] = df[col].fillna(0).astype("int64")
    merged = twice.groupby("modality")["dataset"].nunique()
    df["atlases"] = df["datasets"] - df["modality"].map(merged).fillna(0).astype("int64")
    df["merged"] = df["modality"].map(twice.groupby("modality")["datasetLabel"].agg("; ".join)).fillna("")
    df = df.sort_values(["cells", "datasets"], ascending=False, kind="stable").reset_index(drop=True)
    labels = [_wrap(x, 18) for x in df["label"]]

    def draw(outdir: Path) -> list[Path]:
        matplotlib, plt = _pyplot()
        from matplotlib.ticker import MaxNLocator

        with matplotlib.rc_context(RC):
            fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 1.8 + 0.6 * len(df)), sharey=True)
            ys = list(range(len(df)))
            bars = a1.barh(ys, [max(c, 0) for c in df["cells"]], color="#3182bd", log=True)
            cols = ("cells", "datasetsWithCells", "approx", "lowerBound", "ranges")
            words = [_scale_text(*map(int, r)) for r in df[list(cols)].itertuples(index=False)]
            a1.bar_label(bars, words, padding=3, fontsize=8.5)
            for y, c in zip(ys, df["cells"], strict=True):
                if not c:
                    a1.text(1.2e4, y, "no cell count printed", va="center", fontsize=8.5, color="#444444")
            a1.set_yticks(ys, labels, fontsize=10)
            a1.invert_yaxis()  # shared with a2
            a1.set_xlabel("total cells (log scale; '~' approximate and '>' lower-bound figures marked on each bar)")
            a1.set_xlim(1e4, float(df["cells"].max()) * 100 if df["cells"].max() else 1e8)
            a1.set_title("cells")
            bars = a2.barh(ys, df["atlases"], color="#74c476")
            a2.bar_label(bars, fmt="%d", padding=3, fontsize=9)
            a2.set_xlabel("datasets in Tables 1-6")
            a2.xaxis.set_major_locator(MaxNLocator(integer=True))
            a2.margins(x=0.12)
            a2.set_title("datasets")
            for ax in (a1, a2):
                ax.spines[["top", "right"]].set_visible(False)
            fig.suptitle("Dataset scale by modality (Appendix D, Tables 1-6)", fontweight="bold")
            _footnote(
                fig,
                -0.02,
                "ATAC tables print nuclei, not cells; a dataset of two modalities counts in both; Table 1 rows 4 and 5 "
                "print one lung atlas (HLCA v1.0, ~2.4 M cells), counted once.",
            )
            fig.tight_layout()
            return _save(fig, outdir, "dataset-scale-by-modality")

    paths = _kept(dataset_scale_by_modality, [rows, counts], draw, outdir, cached)
    return Figure("dataset-scale-by-modality", "Dataset scale by modality", paths, df)


FIGURES: dict[str, Callable[[ox.Store, Path, bool], Figure]] = {
    "figure1-taxonomy": figure1_taxonomy,
    "figure3-task-model-heatmap": figure3_task_model_heatmap,
    "figure4-agentic-task-coverage": figure4_agentic_task_coverage,
    "figure5-agentic-domain-coverage": figure5_agentic_domain_coverage,
    "dataset-scale-by-modality": dataset_scale_by_modality,
}


def draw_all(store: ox.Store, outdir: Path, cached: bool = True, sources: str = "survey") -> list[Figure]:
    """Every figure, in order, into `outdir`; a figure whose data and code are unchanged since it was last drawn is
    copied from the build cache (`drawings`), unless not `cached`. `sources` "all": over every source, the records
    from other publications marked † and the survey's share said under each figure."""
    from .sources import survey_share

    token = _SHARE.set(_wrap(survey_share(store, OTHER_MARK.strip()), 110) if sources == "all" else None)
    try:
        return [draw(store, outdir, cached) for draw in FIGURES.values()]
    finally:
        _SHARE.reset(token)


@click.command(name="figures")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@data_option()
@sources_option
def command(outdir: Path, data: Path | None, sources: str) -> None:
    """Draw Figures 1, 3, 4, 5 and the dataset-scale chart (PNG and SVG) into OUTDIR.

    By default they show what the survey says; `--sources all` adds records curated from other publications."""
    from ..build.graph import store_from_quads
    from ..checks.pipeline import checked_quads
    from .sources import restrict

    store = restrict(store_from_quads(checked_quads(data)), sources)
    for f in draw_all(store, outdir, sources=sources):
        click.echo(f"{f.title}: {', '.join(str(p) for p in f.paths)}")
