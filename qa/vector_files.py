"""The vector files of an index version (``.npy``), written block by block and read back memory-mapped.

A build used to hold every vector of the corpus and then concatenate them (two copies, ~9 KB per chunk with
its sentences), so its peak memory grew with the corpus. ``RowFile`` writes the rows in order with plain file
writes instead: they go to the operating system's page cache, not into the building process, and the file is
then mapped like ``load_index`` maps it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

DTYPE = np.dtype(np.float32)


class RowFile:
    """A ``.npy`` file of ``rows`` rows of shape ``row_shape`` (float32), filled in order by ``write``."""

    def __init__(self, path: Path, rows: int, row_shape: tuple[int, ...]):
        self.path, self.shape, self.written = path, (rows, *row_shape), 0
        self._handle = open(path, "wb")
        np.lib.format.write_array_header_1_0(self._handle, {"descr": np.lib.format.dtype_to_descr(DTYPE),
                                                            "fortran_order": False, "shape": self.shape})

    def write(self, block: np.ndarray) -> None:
        """Append ``block``'s rows (each of the file's row shape)."""
        if block.shape[1:] != self.shape[1:] or self.written + len(block) > self.shape[0]:
            raise ValueError(f"{self.path.name}: {len(block)} rows of shape {block.shape[1:]} do not fit "
                             f"({self.written} of {self.shape} written)")
        self._handle.write(np.ascontiguousarray(block, dtype=DTYPE).data)
        self.written += len(block)

    def close(self) -> None:
        """Finish the file; raises ValueError when rows are missing."""
        self._handle.close()
        if self.written != self.shape[0]:
            raise ValueError(f"{self.path.name}: {self.written} of {self.shape[0]} rows were written")

    def __enter__(self) -> "RowFile":
        return self

    def __exit__(self, *failure) -> None:
        self._handle.close()


def write_rows(path: Path, array: np.ndarray, block: int = 65536) -> None:
    """``array`` as the ``.npy`` file ``path``, written in blocks (a memory-mapped array is never copied whole)."""
    with RowFile(path, len(array), array.shape[1:]) as out:
        for begin in range(0, len(array), block):
            out.write(array[begin:begin + block])
        out.close()


def mapped(path: Path) -> np.ndarray:
    """A ``.npy`` file memory-mapped read-only: only the rows that are used are read, into the page cache that
    every process of the index shares."""
    return np.load(path, mmap_mode="r", allow_pickle=False)
