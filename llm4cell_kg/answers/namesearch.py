"""Name matching for `search` and the search box: what a researcher types, matched against names and aliases only.

The names of an entity are its label, alternative labels, ontology synonyms and the name cells printed in the
survey's tables without their parentheses; a parenthesis counts as a name only when it is one token that looks like
an abbreviation or an accession ("scMCA", "HCA", "GSE90063"), never a descriptive fragment ("example project page",
"brain / ASD genes"). Case, spaces and hyphens never matter (`sciplex` is sci-Plex, `slideseq` Slide-seq).

How a name matches, best first: the exact name; a name that starts as typed (`genefor`); every typed word in the
name, the last one possibly in part as it is being typed (`lung`, `tabula sap`); a name within a few edits
(`geneformr`; one edit from 4 letters, two from 8, none below); some of the typed words, whole, in a task's or
family's label (`cell type annotation`). The ranking (`NameIndex.rank`): models and datasets named exactly, then
vocabulary named exactly (`spatial`: the modality); models and datasets named in part; tasks, families,
modalities and the other vocabulary whose label starts as typed or holds the words, a task before a family before a
modality (`perturbation`: the task); models and datasets by the words of a name or a typo; vocabulary near or
partly matching; then ontology terms, venues and publications by name. Full-text matches of printed cells,
definitions and quotes come after all of these (`search.search`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..common.edits import prefix_distance
from .lookup import _CITATION, _PAREN, Entity, Index, norm

CORE = ("model", "dataset")
#: the survey's vocabulary, in the order a query naming several of them lists them (a task before a family, ...)
VOCAB = ("task", "family", "modality", "grounding", "dimension", "domain", "resource")
OTHER = ("term", "venue", "publication")
#: how a name matched, best first
HOW = ("exact name", "name prefix", "name words", "near name", "some label words")
#: words that say nothing about which entity is meant (they do not count towards a partial label match)
GENERIC = frozenset(
    "a an and the of for in on to with by or single cell cells type types model models data dataset datasets".split()
    + ["llm", "llms"]
)
_WORD = re.compile(r"\w+", re.UNICODE)
_ABBREVIATION = re.compile(r"\S*[A-Z0-9]\S*")


def search_names(e: Entity) -> list[str]:
    """The names of `e` that a researcher types: label, alternative labels, synonyms, printed name cells without
    their parentheses, and the parentheses that are one abbreviation-like token ("scMCA", not "imaging")."""
    names = [e.label, *e.alt_labels, *e.synonyms]
    for cell in e.printed:
        names.append(_PAREN.sub("", cell).strip())
        names += [m.strip() for m in _PAREN.findall(cell) if _is_abbreviation(m.strip())]
    return [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if n]


def _is_abbreviation(text: str) -> bool:
    return bool(text) and " " not in text and bool(_ABBREVIATION.fullmatch(text)) and not _CITATION.search(text)


def words(text: str) -> list[str]:
    """The case-folded words of `text` ("Perturb-seq (Replogle 2022)" -> perturb, seq, replogle, 2022)."""
    return _WORD.findall(text.casefold())


def variants(word: str) -> set[str]:
    """`word` with its plural or singular (lung, lungs; sentences, sentence; studies, study): inflection without
    stemming, so that "lung" never finds "lunge"."""
    out = {word}
    if len(word) < 3 or not word.isalpha():
        return out
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        out |= {word[:-2], word[:-1]}
    elif word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])
    else:
        out.add(word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s"))
        if word.endswith("y"):
            out.add(word[:-1] + "ies")
    return out


def typo_bound(key: str) -> int:
    """How many edits a typed key of this length may be from a name: none below 4 characters, 1 up to 7, then 2."""
    return 0 if len(key) < 4 else 1 if len(key) < 8 else 2


@dataclass(frozen=True)
class Match:
    """One entity matched by name: its group in the ranking, how it matched, and the name that matched."""

    entity: Entity
    group: int
    how: str
    name: str
    order: tuple[object, ...]


@dataclass(frozen=True)
class _Name:
    entity: Entity
    name: str
    key: str
    words: frozenset[str]


@dataclass(frozen=True)
class _Query:
    """What was typed, prepared once: its matching key, its words (content words apart) with their inflections."""

    key: str
    typed: tuple[str, ...]
    content: tuple[str, ...]
    forms: dict[str, frozenset[str]]
    bound: int

    @classmethod
    def of(cls, text: str) -> _Query:
        typed = tuple(words(text))
        content = tuple(w for w in typed if w not in GENERIC) or typed
        key = norm(text)
        return cls(key, typed, content, {w: frozenset(variants(w)) for w in typed}, typo_bound(key))

    def has(self, word: str, name_words: frozenset[str], prefix: bool) -> bool:
        """Whether the typed `word` (or its plural or singular; with `prefix` and when it is the last word typed,
        the start of a word: the word being typed) is among `name_words`."""
        if self.forms[word] & name_words:
            return True
        last = word == self.typed[-1]
        return prefix and last and len(word) >= 3 and any(w.startswith(word) for w in name_words)


_KIND_ORDER = {k: i for i, k in enumerate(CORE + VOCAB + OTHER)}


class NameIndex:
    """The names of every entity of a name `Index`, with their matching keys and words."""

    def __init__(self, index: Index) -> None:
        self.names = [
            _Name(e, n, norm(n), frozenset(words(n))) for e in index.entities for n in search_names(e) if norm(n)
        ]

    def rank(self, text: str, kinds: set[str] | None = None) -> list[Match]:
        """The entities whose names match `text`, best first (see the module's docstring), each once."""
        q = _Query.of(text)
        if not q.key:
            return []
        best: dict[str, Match] = {}
        for nm in self.names:
            kind = nm.entity.kind
            if kinds and kind not in kinds:
                continue
            m = _match(nm, q)
            if m is None:
                continue
            quality, extra = m
            group = _group(kind, quality)
            if group is None:
                continue
            kind_order = _KIND_ORDER[kind]
            # vocabulary named in part: a task before a family before a modality (`search perturbation`: the task)
            tier = min(quality, 1) if kind in VOCAB and quality <= 2 else quality
            by_kind = kind_order if kind in VOCAB else 0
            order = (group, tier, by_kind, quality, extra, kind_order, len(nm.key), nm.entity.label.casefold())
            old = best.get(nm.entity.iri)
            if old is None or order < old.order:
                best[nm.entity.iri] = Match(nm.entity, group, HOW[quality], nm.name, order)
        return sorted(best.values(), key=lambda m: m.order)


def _match(nm: _Name, q: _Query) -> tuple[int, float] | None:
    """(quality, a tie-breaker within it) of name `nm` for the query, or None."""
    key = q.key
    if nm.key == key:
        return 0, 0
    vocab_or_core = nm.entity.kind not in OTHER
    if len(key) >= 3 and nm.key.startswith(key):
        return 1, 0
    hit = [w for w in q.content if q.has(w, nm.words, vocab_or_core)]
    if len(hit) == len(q.content) and all(q.has(w, nm.words, vocab_or_core) for w in q.typed):
        return 2, 0
    if vocab_or_core and q.bound and len(nm.key) >= len(key) - q.bound:
        d = prefix_distance(key, nm.key, q.bound)
        if d <= q.bound:
            return 3, d + abs(len(nm.key) - len(key)) / 100
    whole = [w for w in hit if q.forms[w] & nm.words]  # in part: whole words only ("seq" is not "sequence")
    if whole and nm.entity.kind in VOCAB:
        return 4, 1 - len(whole) / len(q.content)
    return None


def _group(kind: str, quality: int) -> int | None:
    """The ranking group of a match: models and datasets named exactly (0), vocabulary named exactly (1), models and
    datasets named in part (2), vocabulary whose label starts as typed or holds the words (3), models and datasets by
    the words of a name or a typo (4), vocabulary near or in part (5), ontology terms, venues, publications by name
    (6)."""
    if kind in CORE:
        return 0 if quality == 0 else 2 if quality == 1 else 4
    if kind in VOCAB:
        return 1 if quality == 0 else 3 if quality <= 2 else 5
    return 6 if quality <= 2 else None
