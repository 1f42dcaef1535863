"""Type stubs for the Rust extension module `audiobuf` (maturin ships them in the wheel, with py.typed)."""

import numpy as np
import numpy.typing as npt
from typing_extensions import Buffer

def peak(samples: Buffer) -> float:
    """The largest absolute value in a C-contiguous buffer of float64, read in place."""

def apply_gain(samples: npt.NDArray[np.float64], gain: float) -> None:
    """Multiplies a 1-D float64 array by `gain`, in place."""

def trim(samples: npt.NDArray[np.float64], threshold: float) -> npt.NDArray[np.float64]:
    """The samples from the first to the last louder than `threshold`, as a view of `samples`."""
