"""Shared fixtures: the graph is built once per test session."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import regenerate_script
from web_client import ARTIFACTS

from llm4cell_kg import paths
from llm4cell_kg.build.graph import build_quads, store_from_quads

REPO = Path(__file__).resolve().parent.parent
#: the survey's full text: $LLM4CELL_SURVEY, else ../shared/seed/llm4cell-survey.txt beside the checkout
SURVEY = Path(os.environ.get("LLM4CELL_SURVEY") or REPO.parent / "shared" / "seed" / "llm4cell-survey.txt")


@pytest.fixture(scope="session")
def quads() -> list[ox.Quad]:
    return build_quads()


@pytest.fixture(scope="session")
def store(quads: list[ox.Quad]) -> ox.Store:
    """The shipped graph as default answers see it: the survey's statements and its links out, without the graphs
    of records from other sources (graph/catalogue_models.yaml, issue 23), as `restrict(..., "survey")` gives."""
    from llm4cell_kg.answers.sources import restrict

    return restrict(store_from_quads(quads), "survey")


@pytest.fixture(scope="session")
def shipped_store(quads: list[ox.Quad]) -> ox.Store:
    """The shipped graph with every source (the survey's and graph/catalogue_models.yaml's), as the build cache holds
    it: what the commands read before they restrict an answer to the survey."""
    return store_from_quads(quads)


@pytest.fixture(scope="session")
def survey_text() -> str:
    """The survey's full text (tests only; the package never reads it). Without it the tests that check quotes
    verbatim skip on a developer's machine, but fail in CI (CI=true), where a skip would hide a missing check."""
    if not SURVEY.is_file():
        why = f"survey text not found at {SURVEY}; set LLM4CELL_SURVEY to the path of llm4cell-survey.txt"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    return SURVEY.read_text(encoding="utf-8")


@pytest.fixture()
def graph_copy(tmp_path: Path) -> Path:
    """A writable copy of graph/ for tests that break a record."""
    dst = tmp_path / "graph"
    shutil.copytree(paths.GRAPH_DIR, dst)
    return dst


@pytest.fixture(scope="session")
def server() -> Iterator[Any]:
    """The real HTTP server (`llm4cell-kg serve`) on a free loopback port: 2 query workers, a 3 s timeout and a
    1000-row cap."""
    from llm4cell_kg.server.transport import Server, Settings

    srv = Server("127.0.0.1", 0, settings=Settings(timeout=3.0, row_cap=1000), workers=2).start()
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A function giving a free loopback TCP port (for the triplestore servers the tests start)."""

    def pick() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    return pick


#: records from publications other than the survey (issue 14): a model and a dataset
EXTERNAL_FIXTURES = Path(__file__).parent / "fixtures" / "external"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph/ plus the fixture records from other publications, without the catalogue's records (whose CellWhisperer
    would share the fixture's id: tests/build/test_external_records.py tests that merge)."""
    d = tmp_path_factory.mktemp("external") / "graph"
    shutil.copytree(paths.GRAPH_DIR, d)
    (d / "catalogue_models.yaml").unlink(missing_ok=True)
    for f in EXTERNAL_FIXTURES.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    return d


@pytest.fixture()
def graph_failing_shacl(graph_copy: Path) -> Path:
    """A copy of graph/ whose records pass the records check but not SHACL: a record from another publication that
    names the survey itself as its source (a well-formed URL; l4cs:AssertionNotSurvey)."""
    text = (EXTERNAL_FIXTURES / "external_models.yaml").read_text(encoding="utf-8")
    survey = 'url: "https://w3id.org/llm4cell/survey"'
    (graph_copy / "external_models.yaml").write_text(text.replace('arxiv: "2410.15445"', survey), encoding="utf-8")
    return graph_copy


@pytest.fixture(scope="session")
def full_quads(data_dir: Path) -> list[ox.Quad]:
    """The graph built from `data_dir`: the survey's records and the fixture records."""
    from llm4cell_kg.curation.load import load

    return build_quads(load(data_dir))


@pytest.fixture(scope="session")
def full_store(full_quads: list[ox.Quad]) -> ox.Store:
    return store_from_quads(full_quads)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's chromium + chromedriver) driven by selenium; screenshots go to test-artifacts/."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip("chromium/chromedriver not installed (bash scripts/install-test-deps.sh installs them)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="test extra selenium not installed")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def regenerate() -> Any:
    """catalogues/regenerate.py as a module (the importer of the catalogues' links and models)."""
    return regenerate_script.regenerate()
