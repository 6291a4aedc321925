"""Vector files written block by block: read back as the array they were written from; rows that do not fit are refused."""
from __future__ import annotations

import numpy as np
import pytest

from qa.vector_files import RowFile, mapped, write_rows


def test_rows_written_in_blocks_read_back_as_the_array(tmp_path):
    array = np.random.default_rng(3).random((37, 2, 5), dtype=np.float32)
    write_rows(tmp_path / "rows.npy", array, block=4)
    back = mapped(tmp_path / "rows.npy")
    assert isinstance(back, np.memmap) and back.dtype == np.float32
    assert np.array_equal(back, array) and np.array_equal(np.load(tmp_path / "rows.npy"), array)


def test_an_empty_file_maps_with_its_shape(tmp_path):
    write_rows(tmp_path / "none.npy", np.zeros((0, 2, 384), np.float32))
    assert mapped(tmp_path / "none.npy").shape == (0, 2, 384)


def test_float64_rows_are_stored_as_float32(tmp_path):
    with RowFile(tmp_path / "rows.npy", 2, (3,)) as out:
        out.write(np.array([[1.0, 2.0, 3.0]]))
        out.write(np.array([[4.0, 5.0, 6.0]]))
        out.close()
    assert mapped(tmp_path / "rows.npy").tolist() == [[1, 2, 3], [4, 5, 6]]


@pytest.mark.parametrize("blocks, message", [
    ([np.zeros((2, 4), np.float32)], "do not fit"),  # rows of another shape
    ([np.zeros((3, 3), np.float32), np.zeros((1, 3), np.float32)], "do not fit"),  # one row too many
])
def test_rows_that_do_not_fit_are_refused(tmp_path, blocks, message):
    with RowFile(tmp_path / "rows.npy", 3, (3,)) as out, pytest.raises(ValueError, match=message):
        for block in blocks:
            out.write(block)


def test_a_file_with_rows_missing_is_refused_when_closed(tmp_path):
    with RowFile(tmp_path / "rows.npy", 3, (3,)) as out:
        out.write(np.zeros((2, 3), np.float32))
        with pytest.raises(ValueError, match="2 of 3 rows"):
            out.close()
