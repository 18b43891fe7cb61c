"""A cache of the loaded advisor, so that a one-shot `advisor ask` starts in a fraction of the time.

Parsing the YAML and building the matcher's indexes costs more than the answer itself. The result is
pickled under the user's cache folder, keyed by a hash of every data file and of the advisor's own code,
so any edit to `knowledge/`, `intents/` or the code builds afresh (and validates the data again).
"""

from __future__ import annotations

import zlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Callable

from advisor.datafile import data_files

T = TypeVar("T")
KEEP = 4
"""Cached builds kept: one per data version and folder in recent use."""
_CODE = Path(__file__).resolve().parent


def cache_folder() -> Path:
    """$ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/career-advisor, else ~/.cache/career-advisor."""
    explicit = os.environ.get("ADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "career-advisor"


def fingerprint(folders: list[Path]) -> str:
    """A checksum of the data files in `folders` and of the advisor's modules (a cache key, not a security check).

    "" when a file cannot be read: then there is no cache, and the loader reports the problem properly.
    """
    checksum, size = 0, 0
    files = sorted(_CODE.glob("*.py")) + [path for folder in folders for path in data_files(folder)]
    try:
        for path in files:
            content = str(path).encode() + path.read_bytes()
            checksum, size = zlib.crc32(content, checksum), size + len(content)
    except OSError:
        return ""
    return f"{checksum:08x}-{size:x}"


def cached(folders: list[Path], build: Callable[[], T]) -> T:
    """`build()`, or its pickled result from an earlier run over the same files."""
    key = "" if os.environ.get("ADVISOR_NO_CACHE") else fingerprint(folders)
    if not key:
        return build()
    path = cache_folder() / f"advisor-{key}.pickle"
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # a missing, stale or damaged cache only means building afresh
        pass
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: Any) -> None:
    """Write atomically and keep only the newest few; a read-only or full disk just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)
        older = sorted(path.parent.glob("advisor-*.pickle"), key=lambda file: file.stat().st_mtime, reverse=True)[KEEP:]
        for stale in older:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
