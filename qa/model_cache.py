"""Models rebuilt from wheels into ``~/.cache/qa-models``: built once, atomically, by one process at a time.

A build writes into a temporary folder next to its target and renames it into place after writing a
completion marker, so a killed build never leaves a folder that looks ready, and concurrent runs (tests,
the app, the CLI) wait for one builder instead of each spending the build time.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

MARKER = ".complete"


def stamp(src: Path, build_format: int) -> str:
    """Identify the source cheaply (size + sha256 of the first MiB) so a changed wheel triggers a rebuild."""
    with src.open("rb") as fh:
        head = hashlib.sha256(fh.read(1 << 20)).hexdigest()
    return json.dumps({"format": build_format, "source_size": src.stat().st_size, "source_sha256_1mib": head})


def is_complete(folder: Path, stamp_: str) -> bool:
    marker = folder / MARKER
    return marker.is_file() and marker.read_text() == stamp_


def ensure_built(target: Path, stamp_: str, build: Callable[[Path], None],
                 progress: Callable[[str], None] | None = None, message: str = "") -> Path:
    """``target`` built by ``build(work_folder)`` unless a complete one with this stamp is there already."""
    if is_complete(target, stamp_):
        return target
    cache_dir = target.parent
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(cache_dir / f"{target.name}.lock") as locked:
        if is_complete(target, stamp_):  # another process finished it while we waited
            return target
        if locked:  # no other builder is running: sweep work dirs of killed builds (~0.5 GB each)
            for kind in ("tmp", "old"):
                for leftover in cache_dir.glob(f"{target.name}.{kind}-*"):
                    shutil.rmtree(leftover, ignore_errors=True)
        if progress and message:
            progress(message)
        work = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=cache_dir))
        try:
            with _quiet_progress_bars():
                build(work)
            for path in [work, *work.rglob("*")]:  # mkdtemp/safetensors make them private; caches may be shared
                path.chmod(0o755 if path.is_dir() else 0o644)
            (work / MARKER).write_text(stamp_)  # written last: its presence means "complete"
            if target.exists():  # stale or half-built: move aside first, a dir can't be replaced
                stale = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=cache_dir))
                os.replace(target, stale / "x")
                shutil.rmtree(stale, ignore_errors=True)
            os.replace(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[bool]:
    """Serialise builders across processes. Yields whether a lock was taken: POSIX only; elsewhere
    build-in-a-temp-dir + rename still keeps the result consistent."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    with open(lock_path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _quiet_progress_bars() -> Iterator[None]:
    """transformers' own tqdm bars would drown out our one progress message."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()
