"""Shared fixtures: the loaded advisor, a scratch copy of the data, and a runner for the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from advisor.core import Advisor  # noqa: E402

BOT = REPO / "bot.py"
KNOWLEDGE = REPO / "knowledge"
INTENTS = REPO / "intents"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the loaded-advisor cache (and the many scratch data folders' entries) out of the user's ~/.cache."""
    previous = os.environ.get("ADVISOR_CACHE_DIR")
    os.environ["ADVISOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("advisor-cache"))
    yield
    if previous is None:
        os.environ.pop("ADVISOR_CACHE_DIR", None)
    else:
        os.environ["ADVISOR_CACHE_DIR"] = previous


@pytest.fixture(scope="module")
def advisor() -> Advisor:
    """The bundled data, loaded once per test module."""
    return Advisor.load()


@dataclass
class DataCopy:
    """A private copy of knowledge/ and intents/ that a test may break."""

    root: Path
    knowledge: Path
    intents: Path

    @property
    def profile(self) -> Path:
        return self.knowledge / "director-of-clinical-operations.yaml"

    def edit(self, path: Path, old: str, new: str, count: int = 1) -> None:
        """Replace `old` by `new` in `path`; fails loudly if `old` is not there, so a data change cannot hide a test."""
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not found in {path.name}: the test's fixture text is out of date"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def line_of(self, path: Path, text: str, occurrence: int = 1) -> int:
        """1-based number of the line holding the `occurrence`-th line that contains `text`."""
        found = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line]
        assert len(found) >= occurrence, f"{text!r} not found {occurrence} time(s) in {path.name}"
        return found[occurrence - 1]


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    knowledge = tmp_path / "knowledge"
    intents = tmp_path / "intents"
    shutil.copytree(KNOWLEDGE, knowledge)
    shutil.copytree(INTENTS, intents)
    return DataCopy(tmp_path, knowledge, intents)


RunCli = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run_cli() -> RunCli:
    """Run `python bot.py ARGS...` in a child process; stdin may be str or bytes; output is decoded text."""

    def run(*args: str, stdin: str | bytes | None = None, cwd: Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        result = subprocess.run([sys.executable, str(BOT), *args], input=data if data is not None else b"", capture_output=True,
                                cwd=cwd, env=env, timeout=timeout)
        return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode("utf-8", "replace"),
                                           result.stderr.decode("utf-8", "replace"))

    return run
