"""The figures page's content (pure): each figure once, its SVG inline, its caption from the survey, a PNG to
download and the canned queries behind it."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

#: figure file name -> (caption, the canned queries behind it); captions as printed in the survey
FIGURE_INFO: dict[str, tuple[str, tuple[str, ...]]] = {
    "figure1-taxonomy": (
        "Figure 1: Hierarchical taxonomy for LLM4Cell. Color-coded families expand into sub-branches and "
        "representative models, tracing the progression from foundation pretraining to multimodal and agentic "
        "reasoning frameworks. References are omitted for visibility and included in the appendix method comparison "
        "table.",
        ("figure1-taxonomy",),
    ),
    "figure3-task-model-heatmap": ("Figure 3: Task vs Model Heatmap", ("figure3-task-model-matrix",)),
    "figure4-agentic-task-coverage": (
        "Figure 4: Comparison of task coverage between agentic (dark blue) and non-agentic (yellow) models. Agentic "
        "frameworks emphasize annotation, ontology mapping, spatial mapping while non-agentic models concentrate on "
        "trajectory, perturbation modeling, regulatory and pathway inference as well.",
        ("figure4-agentic-task-coverage", "agentic-vs-non-agentic"),
    ),
    "figure5-agentic-domain-coverage": (
        "Figure 5: Comparison of domain coverage between agentic (dark blue) and non-agentic (yellow) models. "
        "Agentic frameworks emphasize explainability, fairness, and emerging paradigms, while non-agentic models "
        "concentrate on biological grounding and batch effects.",
        ("figure5-agentic-domain-coverage",),
    ),
    "dataset-scale-by-modality": (
        "Not a figure of the survey: total cells and number of datasets per modality, from Tables 1-6.",
        ("cells-per-modality", "datasets-per-modality"),
    ),
}


def inline_svg(text: str, prefix: str) -> str:
    """An SVG file's <svg> element for inlining, its ids prefixed so that several figures on a page do not share
    clip paths or markers (matplotlib gives every figure the same ids)."""
    import re

    if "<svg" not in text:
        return ""
    svg = text[text.index("<svg") :]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)


def figures_html(files: dict[str, Path]) -> str:
    """Each figure once: its SVG inline (as drawn by `figures`), its caption, a PNG download, the queries behind it."""
    names = sorted(
        {n.rsplit(".", 1)[0] for n in files}, key=lambda n: (list(FIGURE_INFO).index(n) if n in FIGURE_INFO else 99, n)
    )
    out = []
    for name in names:
        caption, queries = FIGURE_INFO.get(name, (name, ()))
        svg = files.get(f"{name}.svg")
        png = files.get(f"{name}.png")
        if svg is not None:
            pic = inline_svg(svg.read_text(encoding="utf-8"), name)
        else:
            pic = f'<img src="/figures/{escape(quote(name))}.png" alt="{escape(caption)}">' if png else ""
        links = [f'<a href="/figures/{escape(quote(name))}.png" download>PNG</a>'] if png else []
        links += [f'<a href="/figures/{escape(quote(name))}.svg">SVG</a>'] if svg else []
        links += [f'<a href="/queries/{escape(q)}">query {escape(q)}</a>' for q in queries]
        out.append(
            f'<figure id="{escape(name)}"><div class="svg">{pic}</div><figcaption>{escape(caption)}<br>'
            f"{' · '.join(links)}</figcaption></figure>"
        )
    return '<div class="figures">' + "".join(out) + "</div>"
