"""Name resolution: a label, alternative label, printed name, id, CURIE or IRI -> one entity of the graph.

Used by `show`, `compare`, `search` and canned-query parameters. Case, spaces and hyphens never matter
("scgpt", "SCGPT", "Spatial2- Sentence"); a typo gets "did you mean"; a name shared by several entities lists them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..common.namespaces import L4C, OWL
from ..common.prefixes import OBO, PREFIX_MAP, compress
from ..errors import UserError

VIEWS = Path(__file__).resolve().parent / "views"

#: rdf:type -> the kind a user names (`--type`), in order of preference when an entity has several types
TYPE_KIND: dict[str, str] = {
    L4C + "Model": "model",
    L4C + "Dataset": "dataset",
    L4C + "AnalyticalTask": "task",
    L4C + "AuxiliaryTask": "task",
    L4C + "ModelFamily": "family",
    L4C + "ModelCategory": "family",
    L4C + "Modality": "modality",
    L4C + "GroundingType": "grounding",
    L4C + "DomainDimension": "domain",
    L4C + "TaxonomyDimension": "dimension",
    L4C + "Venue": "venue",
    L4C + "Publication": "publication",
    L4C + "GroundingSource": "resource",
    OWL + "Class": "term",
}
KINDS = tuple(dict.fromkeys(TYPE_KIND.values()))
#: classes a parameter may name whose instances are typed by their subclasses
SUBCLASSES: dict[str, set[str]] = {L4C + "Task": {L4C + "AnalyticalTask", L4C + "AuxiliaryTask"}}
_CITATION = re.compile(r"et al\.?|\b(19|20)\d\d[a-z]?\b|\band\b.*\d{4}")
_PAREN = re.compile(r"\(([^()]*)\)")
_NOT_ALNUM = re.compile(r"[\W_]+")


def view_query(name: str) -> str:
    """The text of one of the package's own view queries (views/NAME.rq), marked as trusted (`sparqltext.trust`)."""
    from ..store.sparqltext import trust

    return trust((VIEWS / f"{name}.rq").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """The matching key of a name: letters and digits only, case-folded ("Spatial2- Sentence" -> "spatial2sentence")."""
    return _NOT_ALNUM.sub("", text.casefold())  # [\W_] is exactly the characters that are not str.isalnum()


def printed_names(cell: str) -> list[str]:
    """Names inside a printed name cell: the cell, the name without parentheses, and each parenthesis that is not a
    citation ("Mouse Cell Atlas (scMCA)" -> Mouse Cell Atlas, scMCA; "scGPT (Cui et al., 2024)" -> scGPT)."""
    names = [cell.strip(), _PAREN.sub("", cell).strip()]
    names += [m.strip() for m in _PAREN.findall(cell) if m.strip() and not _CITATION.search(m)]
    return [n for n in dict.fromkeys(names) if n]


@dataclass
class Entity:
    """One thing a user can name."""

    iri: str
    kind: str
    label: str
    types: list[str] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The local id: `scgpt` for model:scgpt, `UBERON_0002048` for an OBO term."""
        return self.iri[max(self.iri.rfind("/"), self.iri.rfind("#")) + 1 :]

    #: `model:scgpt`, `UBERON:0002048` (the package's one prefix map)
    curie = property(lambda self: compress(self.iri))

    def names(self) -> list[str]:
        """Every name, best first: label, alternative labels, names in the printed cells, synonyms."""
        found = [self.label, *self.alt_labels]
        for cell in self.printed:
            found += printed_names(cell)
        return list(dict.fromkeys(found + self.synonyms))


def expand(text: str) -> str | None:
    """The IRI of a CURIE or IRI (`model:scgpt`, `UBERON:0002048`, `EFO:0008913`, `<https://...>`), else None."""
    text = text.strip().strip("<>")
    if text.startswith(("http://", "https://")):
        return text
    m = re.fullmatch(r"([A-Za-z][\w.-]*):(\S+)", text)
    if not m:
        return None
    prefix, local = m.groups()
    by_case = {p.casefold(): p for p in PREFIX_MAP}
    if prefix in PREFIX_MAP or prefix.casefold() in by_case:
        return PREFIX_MAP[prefix if prefix in PREFIX_MAP else by_case[prefix.casefold()]] + local
    if re.fullmatch(r"[A-Za-z]+", prefix) and re.fullmatch(r"\d+", local):
        return f"{OBO}{prefix.upper()}_{local}"
    return None


class NotFound(UserError):
    """No entity has this name; `suggestions` are the nearest names."""

    def __init__(self, message: str, suggestions: list[Entity]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class Ambiguous(UserError):
    """Several entities share this name; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[Entity]) -> None:
        super().__init__(message)
        self.candidates = candidates


class Index:
    """Every named entity of a store, with lookup tables by IRI, id, label, other names and matching key."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.by_iri = {e.iri: e for e in entities}
        self._tiers: list[dict[str, list[Entity]]] = [{}, {}, {}, {}]
        for e in entities:
            local, names = e.id, e.names()
            self._add(0, local.casefold(), e)
            self._add(1, e.label.casefold(), e)
            for n in names[1:]:
                self._add(2, n.casefold(), e)
            for n in [local, *names]:
                self._add(3, norm(n), e)

    def _add(self, tier: int, key: str, e: Entity) -> None:
        if not key:
            return
        found = self._tiers[tier].setdefault(key, [])
        if e not in found:
            found.append(e)

    def named(self, key: str) -> list[Entity]:
        """The entities one of whose names (or id) has the matching key `key` (see `norm`)."""
        return list(self._tiers[3].get(key, []))

    def of_kind(self, kinds: set[str] | None) -> list[Entity]:
        return [e for e in self.entities if not kinds or e.kind in kinds]

    def resolve(self, name: str, kinds: set[str] | None = None) -> Entity:
        """The one entity `name` names (restricted to `kinds`), else NotFound (with suggestions) or Ambiguous."""
        wanted = kinds or set(KINDS)
        what = "/".join(sorted(kinds)) if kinds else "entity"
        iri = expand(name)
        if iri is not None and iri in self.by_iri and self.by_iri[iri].kind in wanted:
            return self.by_iri[iri]
        keys = [name.strip().casefold()] * 3 + [norm(name)]
        for tier, key in enumerate(keys):
            found = [e for e in self._tiers[tier].get(key, []) if e.kind in wanted]
            if len(found) == 1:
                return found[0]
            if found:
                listed = "; ".join(f"{e.label} ({e.curie}, {e.kind})" for e in found)
                plural = what + "s" if kinds else "entities"
                raise Ambiguous(f"'{name}' names {len(found)} {plural}: {listed}. Give one by id or CURIE.", found)
        near = self.suggest(name, wanted)
        hint = " Did you mean: " + "; ".join(f"{e.label} ({e.curie})" for e in near) + "?" if near else ""
        raise NotFound(f"no {what} named '{name}'.{hint} Try `llm4cell-kg search {name}`.", near)

    def suggest(self, name: str, kinds: set[str], n: int = 5) -> list[Entity]:
        """The entities whose names are nearest to `name` (typos, missing letters)."""
        table = self._tiers[3]
        keys = [k for k, es in table.items() if any(e.kind in kinds for e in es)]
        out: list[Entity] = []
        for k in difflib.get_close_matches(norm(name), keys, n=n, cutoff=0.75):
            out += [e for e in table[k] if e.kind in kinds and e not in out]
        return out[:n]


_CACHE: dict[int, tuple[Any, Index]] = {}


def index(store: Any) -> Index:
    """The name index of `store` (computed once per store object; for the default graph, kept in the build cache)."""
    hit = _CACHE.get(id(store))
    if hit is not None and hit[0] is store:
        return hit[1]
    from ..store.memo import derived

    idx = _from_rows(derived(store, "names", lambda: _entity_rows(store), *name_views()))
    _CACHE.clear()
    _CACHE[id(store)] = (store, idx)
    return idx


def default_index(digest: str) -> Index | None:
    """The name index of the default graph of inputs `digest` when the build cache keeps it (no store loaded)."""
    from ..store.memo import key, load

    rows = load("names", key(digest, *name_views()))
    return _from_rows(rows) if isinstance(rows, list) else None


def name_views() -> tuple[str, str]:
    """The texts of the view queries the name index is made from."""
    return view_query("entity-names"), view_query("entity-other-names")


def _from_rows(rows: list[list[Any]]) -> Index:
    return Index([Entity(*row) for row in rows])


def _entity_rows(store: Any) -> list[list[Any]]:
    """Every named entity of `store` as the fields of an `Entity`, in the index's order (JSON-able)."""
    from ..store.sparql import run

    entities: dict[str, Entity] = {}
    order = {iri: i for i, iri in enumerate(TYPE_KIND)}
    names, other_names = name_views()
    for e, type_, label in run(store, names).rows:
        ent = entities.get(e.value)
        if ent is None:
            ent = entities[e.value] = Entity(e.value, TYPE_KIND[type_.value], label.value)
        ent.types.append(type_.value)
        best = min(ent.types, key=lambda t: order[t])
        ent.kind = TYPE_KIND[best]
    for e, name, how in run(store, other_names).rows:
        ent = entities.get(e.value)
        if ent is None:
            continue
        target = {"altLabel": ent.alt_labels, "synonym": ent.synonyms, "printed": ent.printed}[how.value]
        if name.value not in target:
            target.append(name.value)
    for ent in entities.values():
        ent.alt_labels.sort()
        ent.synonyms.sort()
        ent.printed.sort()
    ordered = sorted(entities.values(), key=lambda x: (KINDS.index(x.kind), x.label.casefold(), x.iri))
    return [[e.iri, e.kind, e.label, e.types, e.alt_labels, e.synonyms, e.printed] for e in ordered]


def resolve(store: Any, name: str, kinds: set[str] | None = None) -> Entity:
    """The entity `name` names in `store` (see `Index.resolve`)."""
    return index(store).resolve(name, kinds)


def as_ox(entity: Entity) -> ox.NamedNode:
    return ox.NamedNode(entity.iri)
