"""The emulator's task clock: real time plus an offset that tests can move.

Task lifecycle (scheduled → queued → expired), ClientToken windows and the
ScheduledTime window all read this clock. Throttling does not: it uses real
monotonic time (see throttle.py), so advancing the task clock never refills or
drains a token bucket.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["Clock"]


class Clock:
    """Epoch-seconds clock = ``time_source() + offset``; thread-safe.

    ``advance(n)`` moves it forward by n seconds; ``set(epoch)`` makes ``now()``
    return ``epoch`` at this instant and keep running from there.
    """

    def __init__(
        self, offset_seconds: float = 0.0, time_source: Callable[[], float] = time.time
    ) -> None:
        self._offset = float(offset_seconds)
        self._initial_offset = float(offset_seconds)
        self._time_source = time_source
        self._lock = threading.Lock()

    def now(self) -> float:
        """Current emulated time, epoch seconds (float)."""
        with self._lock:
            return self._time_source() + self._offset

    @property
    def offset(self) -> float:
        """Seconds between emulated time and the time source."""
        with self._lock:
            return self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock forward (or back, if negative); returns the new now()."""
        with self._lock:
            self._offset += float(seconds)
            return self._time_source() + self._offset

    def set(self, epoch_seconds: float) -> float:
        """Make now() equal ``epoch_seconds``; returns it."""
        with self._lock:
            self._offset = float(epoch_seconds) - self._time_source()
            return float(epoch_seconds)

    def reset(self, offset_seconds: float | None = None) -> None:
        """Set the offset to ``offset_seconds``, or back to the constructor's offset."""
        with self._lock:
            self._offset = self._initial_offset if offset_seconds is None else float(offset_seconds)
