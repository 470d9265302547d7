"""HermiT and Pellet (the jars bundled with owlready2), each run from its own command line on one N-Triples file,
side by side, and what each says: consistency, unsatisfiable classes, and each individual's most specific classes.

The file is written once for both; each reasoner runs in its own Java (HermiT needs Java 8+, Pellet Java 25+, so on a
machine whose Java is older than 25 they cannot share one), started with the flags of a short batch job (the client
compiler, the serial collector), which halve the JVM's own work on a run of a few seconds. HermiT is asked to
classify (`-c`) and realise (`-I`): what the verdicts depend on; owlready2 also asked it to classify the object and
data properties (`-O -D`), which nothing here reads and which took most of a minute on the survey graph.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from ..errors import UserError
from .java import HERMIT_JAVA, PELLET_JAVA, Java, find_java, no_java

#: reasoner -> the Java version it needs
REASONERS = {"HermiT": HERMIT_JAVA, "Pellet": PELLET_JAVA}
JAVA_FLAGS = ["-Xmx2000M", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
OWL_THING = "http://www.w3.org/2002/07/owl#Thing"
OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_HERMIT_LINE = re.compile(r"^([A-Za-z]+)\( ((?:<[^>]+>\s*)+)\)$", re.MULTILINE)


@dataclass
class Said:
    """What one reasoner said about one input."""

    reasoner: str
    consistent: bool
    types: dict[str, set[str]] = field(default_factory=dict)  # individual IRI -> its most specific classes
    unsatisfiable: set[str] = field(default_factory=set)  # class IRIs equivalent to owl:Nothing
    message: str = ""  # the reasoner's error output on an inconsistency


def _jars(folder: str) -> list[Path]:
    """The jars (and class folder) owlready2 bundles for a reasoner: owlready2/hermit or owlready2/pellet."""
    spec = find_spec("owlready2")  # located, not imported: importing owlready2 costs more than a reasoner's start
    if spec is None or not spec.submodule_search_locations:
        raise UserError("the owlready2 package (which bundles HermiT and Pellet) is not installed")
    root = Path(next(iter(spec.submodule_search_locations))) / folder
    return [root, *sorted(root.glob("*.jar"))] if folder == "hermit" else sorted(root.glob("*.jar"))


#: reasoner -> (its folder in owlready2, its main class, its arguments before the input)
MAINS = {
    "HermiT": ("hermit", "org.semanticweb.HermiT.cli.CommandLine", ["-c", "-I"]),
    "Pellet": (
        "pellet",
        "pellet.Pellet",
        ["realize", "--loader", "Jena", "--input-format", "N-Triples", "--ignore-imports"],
    ),
}


def command(reasoner: str, java: Java, path: Path) -> list[str]:
    """The command line of `reasoner` on the N-Triples file `path` (HermiT reads a URI, Pellet a path)."""
    folder, main, args = MAINS[reasoner]
    classpath = ":".join(str(p) for p in _jars(folder))
    where = path.as_uri() if reasoner == "HermiT" else str(path)
    return [java.executable, *JAVA_FLAGS, "-cp", classpath, main, *args, where]


def parse_hermit(output: str) -> tuple[dict[str, set[str]], set[str]]:
    """HermiT's `-c -I` output: `Type( <i> <C> )` lines (most specific classes) and `EquivalentClasses` lines that
    name owl:Nothing (unsatisfiable classes)."""
    types: dict[str, set[str]] = defaultdict(set)
    unsat: set[str] = set()
    for relation, iris in _HERMIT_LINE.findall(output):
        names = iris.strip()[1:-1].split("> <")
        if relation == "Type":
            types[names[0]].add(names[1])
        elif relation == "EquivalentClasses" and OWL_NOTHING in names:
            unsat.update(n for n in names if n != OWL_NOTHING)
    return dict(types), unsat


def parse_pellet(output: str) -> tuple[dict[str, set[str]], set[str]]:
    """Pellet's `realize` output: the class tree, one line per class (`C1 = C2` for equivalent classes), each
    followed by ` - (i1, i2, ...)`, the individuals whose most specific class it is; owl:Nothing's equivalents are
    the unsatisfiable classes."""
    types: dict[str, set[str]] = defaultdict(set)
    unsat: set[str] = set()
    for line in output.splitlines():
        line = line.strip()
        if not line:
            continue
        classes_text, _, members = line.partition(" - ")
        classes = classes_text.split(" = ")
        if OWL_NOTHING in classes:
            unsat.update(c for c in classes if c != OWL_NOTHING)
        if members:
            for ind in members.strip()[1:-1].split(", "):
                if not ind.endswith(("Anonymous Individual", "Anonymous Individuals")):
                    types[ind].update(classes)
    return dict(types), unsat


def java_for(reasoner: str) -> Java:
    """The Java that runs `reasoner`, or a UserError in one sentence when there is none."""
    java = find_java(REASONERS[reasoner])
    if java is None:
        raise no_java(REASONERS[reasoner], reasoner)
    return java


def run(ntriples: bytes, reasoners: tuple[str, ...] = ("HermiT", "Pellet")) -> dict[str, Said]:
    """Write the input (N-Triples) once and run each reasoner on the file, all at the same time."""
    javas = {name: java_for(name) for name in reasoners}  # every Java found before any reasoner starts
    with tempfile.TemporaryDirectory(prefix="llm4cell-reason-") as tmp, ExitStack() as files:
        folder = Path(tmp)
        path = folder / "input.nt"
        path.write_bytes(ntriples)
        running = {}
        for name, java in javas.items():
            out, err = (files.enter_context((folder / f"{name}.{ext}").open("wb")) for ext in ("out", "err"))
            running[name] = subprocess.Popen(command(name, java, path), stdout=out, stderr=err)
        codes = {name: proc.wait() for name, proc in running.items()}
        files.close()
        return {
            name: _said(name, javas[name], code, *(_text(folder / f"{name}.{ext}") for ext in ("out", "err")))
            for name, code in codes.items()
        }


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r", "")


def _said(name: str, java: Java, code: int, out: str, err: str) -> Said:
    """What `name` said, from its exit code and output; a UserError when it failed for another reason."""
    if code != 0:
        if name == "HermiT" and "Inconsistent ontology" in out + err:
            return Said(name, consistent=False)
        if name == "Pellet" and "Ontology is inconsistent" in err:
            return Said(name, consistent=False, message="Java error message is: " + err)
        first = next((ln for ln in (err or out).splitlines() if ln.strip()), "")
        raise UserError(f"{name} failed on {java.describe()}: {first}")
    types, unsat = parse_hermit(out) if name == "HermiT" else parse_pellet(out)
    return Said(name, consistent=True, types=types, unsatisfiable=unsat)
