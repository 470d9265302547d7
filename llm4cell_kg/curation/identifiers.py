"""Paper identifiers and web links as the graph writes them: the patterns a DOI, an arXiv id or a URL must match
(one definition for curated records and imported links), the IRI each becomes, and the ids a printed reference-list
entry holds."""

from __future__ import annotations

import re

#: a character an IRI may hold (RFC 3987 refuses spaces, quotes, angle brackets, braces, |, backslash, ^ and `)
IRI_CHAR = r"[^\s\"<>{}|\\^`]"
#: a DOI as curators write it (no https://doi.org/)
DOI = re.compile(r"10\.[0-9]{4,9}/" + IRI_CHAR + "+")
#: an arXiv id, new style (2504.04698, with an optional version) or old style (q-bio/0601001)
ARXIV = re.compile(r"[0-9]{4}\.[0-9]{4,5}(v[0-9]+)?|[a-z-]+(\.[A-Z]{2})?/[0-9]{7}(v[0-9]+)?")
#: an http(s) URL
URL = re.compile(r"https?://[^\s/$.?#\"<>{}|\\^`]" + IRI_CHAR + "*")
#: a PubMed Central id
PMC = re.compile(r"PMC[0-9]{5,9}")
#: a PubMed id
PMID = re.compile(r"[0-9]{5,9}")
#: an SPDX licence id as catalogues print it (MIT, GPL-3.0, BSD-3-Clause, CC-BY-NC-SA-4.0, Apache-2.0 ...)
SPDX = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+]")

#: identifier kind -> (pattern of the id, IRI template, printed form)
KINDS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "doi": (DOI, "https://doi.org/{}", "doi:{}"),
    "arxiv": (ARXIV, "https://arxiv.org/abs/{}", "arXiv:{}"),
    "pmc": (PMC, "https://pmc.ncbi.nlm.nih.gov/articles/{}/", "PMC:{}"),
    "pmid": (PMID, "https://pubmed.ncbi.nlm.nih.gov/{}/", "PMID:{}"),
}

#: archive accession kind -> (pattern of the accession, IRI template, where the template is declared). GEO and
#: ArrayExpress: the pattern and URI format Bioregistry 0.15.6 registers (prefixes `geo`, `arrayexpress`, each also
#: an identifiers.org namespace); the Broad Single Cell Portal has no registered prefix: its study page.
ACCESSIONS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "geo": (
        re.compile(r"G(PL|SM|SE|DS)[0-9]+"),
        "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc={}",
        "Bioregistry prefix geo (identifiers.org MIR:00000054)",
    ),
    "arrayexpress": (
        re.compile(r"[AEP]-[A-Za-z0-9_]{4}-[0-9]+"),
        "https://www.ebi.ac.uk/arrayexpress/experiments/{}",
        "Bioregistry prefix arrayexpress (identifiers.org MIR:00000036)",
    ),
    "scp": (
        re.compile(r"SCP[0-9]+"),
        "https://singlecell.broadinstitute.org/single_cell/study/{}",
        "the Single Cell Portal's study page (no registered prefix)",
    ),
}


def accession(value: str) -> tuple[str, str, str] | None:
    """(kind, IRI, template's declaration) of an archive accession as printed, or None when no template fits:
    accession('GSE111586') -> ('geo', 'https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSE111586', ...)."""
    for kind, (pattern, template, declared) in ACCESSIONS.items():
        if pattern.fullmatch(value):
            return kind, template.format(value), declared
    return None


def accession_problem(value: object) -> str | None:
    """Why `value` is not an accession a template is declared for (GEO, ArrayExpress, Single Cell Portal), or None."""
    if isinstance(value, str) and accession(value):
        return None
    return (
        f"{value!r} is not an archive accession with a declared IRI template: a GEO accession (GSE123456), an "
        "ArrayExpress one (E-CURD-4) or a Single Cell Portal study (SCP815), exactly as printed"
    )


#: an arXiv id or a DOI inside a printed reference: "arXiv:2504.04698", "arXiv preprint arXiv:2403.15673*"
_PRINTED_ARXIV = re.compile(r"arXiv:\s?(\d{4}\.\d{4,5}(?:v\d+)?)")
_PRINTED_DOI = re.compile(r"(?:doi:\s?|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s*]+)", re.IGNORECASE)


def iri(kind: str, value: str) -> str:
    """The IRI of an identifier: iri('arxiv', '2504.04698') -> 'https://arxiv.org/abs/2504.04698'."""
    pattern, template, _ = KINDS[kind]
    if not pattern.fullmatch(value):
        raise ValueError(f"{value!r} is not a {kind} identifier")
    return template.format(value)


def printed(kind: str, value: str) -> str:
    """How an identifier is printed: 'arXiv:2504.04698', 'doi:10.1038/...'."""
    return KINDS[kind][2].format(value)


#: what each kind of identifier must look like, as errors say it
WHAT = {
    "doi": "a DOI like 10.1038/s41592-024-02201-0, without https://doi.org/ (no spaces or quotes)",
    "arxiv": "an arXiv id like 2501.01234 (no 'arXiv:' prefix, no URL)",
    "pmc": "a PubMed Central id like PMC10176267",
    "pmid": "a PubMed id (digits only)",
    "url": "an http(s) URL (no spaces, quotes or angle brackets)",
    "licence": "an SPDX licence id like MIT, GPL-3.0 or BSD-3-Clause",
}


def problem(kind: str, value: object) -> str | None:
    """Why `value` is not a well-formed `kind` (doi, arxiv, pmc, pmid, url, licence), or None when it is."""
    what = WHAT[kind]
    pattern = {"url": URL, "licence": SPDX}.get(kind) or KINDS[kind][0]
    if not isinstance(value, str) or not pattern.fullmatch(value):
        return f"{value!r} is not {what}"
    return None


def of_iri(text: str) -> tuple[str, str] | None:
    """(kind, id) of an identifier IRI this module writes (doi, arxiv, pmc, pmid), else None."""
    for kind, (pattern, template, _) in KINDS.items():
        head, _, tail = template.partition("{}")
        if text.startswith(head) and text.endswith(tail):
            value = text[len(head) : len(text) - len(tail)]
            if pattern.fullmatch(value):
                return kind, value
    return None


def in_printed_reference(text: str) -> list[tuple[str, str]]:
    """The (kind, id) pairs a printed reference-list entry holds, in order: arXiv ids, then DOIs."""
    found: list[tuple[str, str]] = []
    for m in _PRINTED_ARXIV.finditer(text):
        found.append(("arxiv", m.group(1)))
    for m in _PRINTED_DOI.finditer(text):
        found.append(("doi", m.group(1).rstrip(".,;)")))
    return list(dict.fromkeys(found))
