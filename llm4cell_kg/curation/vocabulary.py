"""The ids the ontology allows per scheme (families, tasks, modalities, ...), with obsolete ids mapped to their
replacement."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..common.namespaces import L4C, OWL, RDF, SCHEMES


@dataclass
class Vocabulary:
    """Ids allowed per ontology scheme, read from the ontology; obsolete ids map to their replacement."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_ontology(cls, path: Path | None = None) -> Vocabulary:
        import pyoxigraph as ox

        vocab = cls()
        prefixes = {name: iri for name, iri in SCHEMES.items()} | {"quantity": L4C}
        typed: set[str] = set()
        deprecated: dict[str, str | None] = {}
        for t in ox.parse(path=str(path or paths.ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
            s, p, o = t.subject.value, t.predicate.value, t.object.value
            if p == RDF + "type" and o == OWL + "NamedIndividual":
                typed.add(s)
            elif p == OWL + "deprecated" and o == "true":
                deprecated.setdefault(s, None)
            elif p == "http://purl.org/dc/terms/isReplacedBy":
                deprecated[s] = o
        for name, prefix in prefixes.items():
            local = {iri[len(prefix) :] for iri in typed if iri.startswith(prefix) and "/" not in iri[len(prefix) :]}
            if name == "quantity":
                local = {x for x in local if x.islower()}
            vocab.ids[name] = {x for x in local if prefix + x not in deprecated}
            vocab.replaced[name] = {
                iri[len(prefix) :]: (rep[len(prefix) :] if rep and rep.startswith(prefix) else (rep or ""))
                for iri, rep in deprecated.items()
                if iri.startswith(prefix)
            }
        return vocab
