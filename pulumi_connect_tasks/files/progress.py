"""Progress of many tasks on a stream: a redrawn bar on a terminal, one line per task elsewhere.

Both reporters take the same events, in the order the tasks finish, and ``close()`` once:

    started(file, contact_id)     a task started (or was already started: same token)
    failed(file, code)            AWS refused it; ``code`` is the AWS error code

Neither shows anything of a file but its path: task names, descriptions and attribute
values are sensitive. :func:`progress_for` picks the bar when the stream is a terminal.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Protocol, TextIO

from .problems import printable

__all__ = ["Progress", "ProgressBar", "ProgressLines", "progress_for"]


class Progress(Protocol):
    def started(self, file: str, contact_id: str) -> None: ...
    def failed(self, file: str, code: str) -> None: ...
    def close(self) -> None: ...


class ProgressLines:
    """One line per finished task, for logs and pipes: ``started 12/45 tasks/a.yaml <id>``."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.done = 0

    def _line(self, verb: str, rest: str) -> None:
        self.done += 1
        self.stream.write(f"{verb} {self.done}/{self.total} {rest}\n")
        self.stream.flush()

    def started(self, file: str, contact_id: str) -> None:
        self._line(
            "started", f"{printable(file)} {contact_id}"
        )  # one line per task, whatever the name

    def failed(self, file: str, code: str) -> None:
        self._line("failed", f"{printable(file)}: {code}")

    def close(self) -> None:
        self.stream.flush()


def _duration(seconds: float) -> str:
    """``8s``, ``2m05s``, ``1h02m``: short enough for a status line."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


class ProgressBar:
    """One line redrawn in place: ``[#####...] 12/45  1 failed  4.0 tasks/s  8s left``.

    Redrawn at most once per ``interval`` seconds (and always for the last task), so a
    fast run does not spend its time writing to the terminal; ``close()`` draws the final
    state if not drawn yet and ends the line. ``clock`` is injectable for tests (default
    time.monotonic).
    """

    WIDTH = 24
    RECENT = 10
    """Tasks the rate is measured over: the first few start in a burst, faster than the
    quota lets the rest go, so a rate since the beginning would promise too early an end."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.1,
    ) -> None:
        self.total = total
        self.stream = stream
        self.clock = clock
        self.interval = interval
        self.done = 0
        self.failures = 0
        self.began = clock()
        # When the last RECENT tasks finished, after the moment before the first of them.
        self._finished: deque[float] = deque([self.began], maxlen=self.RECENT + 1)
        self._drawn_at: float | None = None
        self._drawn_width = 0
        self._draw(self.began)

    def text(self, now: float) -> str:
        """The line as it reads at ``now``, without the carriage return."""
        filled = self.WIDTH * self.done // self.total if self.total else self.WIDTH
        parts = [f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"]
        if self.failures:
            parts.append(f"{self.failures} failed")
        recent = now - self._finished[0]
        if self.done >= self.total:
            parts.append(f"took {_duration(now - self.began)}")
        elif self.done and recent > 0:
            rate = (len(self._finished) - 1) / recent
            parts += [f"{rate:.1f} tasks/s", f"{_duration((self.total - self.done) / rate)} left"]
        else:
            parts += ["-- tasks/s", "-- left"]
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        line = self.text(now)
        # Spaces over what a longer previous line left behind; no escape codes needed.
        self.stream.write("\r" + line + " " * max(0, self._drawn_width - len(line)))
        self.stream.flush()
        self._drawn_at, self._drawn_width = now, len(line)

    def _advance(self) -> None:
        self.done += 1
        now = self.clock()
        self._finished.append(now)
        if (
            self.done >= self.total
            or self._drawn_at is None
            or now - self._drawn_at >= self.interval
        ):
            self._draw(now)

    def started(self, file: str, contact_id: str) -> None:
        self._advance()

    def failed(self, file: str, code: str) -> None:
        self.failures += 1
        self._advance()

    def close(self) -> None:
        if self.done < self.total:  # stopped early (Ctrl-C): show where
            self._draw(self.clock())
        self.stream.write("\n")
        self.stream.flush()


def progress_for(total: int, stream: TextIO) -> Progress:
    """A bar when ``stream`` is a terminal, else one line per task (CI logs, pipes, files)."""
    isatty = getattr(stream, "isatty", None)
    return (
        ProgressBar(total, stream)
        if isatty is not None and isatty()
        else ProgressLines(total, stream)
    )
