"""Types of the compiled inner loop (bialign/_search.c); see bialign.search._rows_numpy."""

import numpy as np
import numpy.typing as npt

def rows(
    values: npt.NDArray[np.float64],
    gather: npt.NDArray[np.int64],
    costs: npt.NDArray[np.float64],
    along: npt.NDArray[np.float64],
    bounds: npt.NDArray[np.int64],
    firsts: npt.NDArray[np.int64],
    pointers: npt.NDArray[np.int8],
    leftmost: npt.NDArray[np.int64],
    origin: bool,
    inserts: bool,
    /,
) -> None: ...
