"""A server process's own temporary folder, cleaned up even after processes that were killed."""
from __future__ import annotations

import fcntl
import shutil
import tempfile
import time
from pathlib import Path


class TempSpace:
    """This process's folder under the ``temp_dir`` setting, for conversation exports, staged uploads and
    Gradio's copies of uploaded files. It is locked while the process lives; folders whose lock is free belong
    to processes that are gone (even killed ones) and are removed at start, and the own folder at stop."""

    def __init__(self, root: Path):
        root.mkdir(parents=True, exist_ok=True)
        for folder in root.glob("app-*"):
            if self._abandoned(folder):
                shutil.rmtree(folder, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix="app-", dir=root))
        self._lock = open(self.folder / ".lock", "w")
        fcntl.flock(self._lock, fcntl.LOCK_EX)

    @staticmethod
    def _abandoned(folder: Path) -> bool:
        """No process holds its lock (a folder without one yet is only abandoned after a minute)."""
        try:
            with open(folder / ".lock", "r") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
        except BlockingIOError:
            return False
        except FileNotFoundError:
            return folder.exists() and time.time() - folder.stat().st_mtime > 60

    def remove(self) -> None:
        self._lock.close()
        shutil.rmtree(self.folder, ignore_errors=True)

