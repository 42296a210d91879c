"""README.md's links lead somewhere: every #anchor is a heading, every relative path exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
# Headings outside code blocks, slugged as GitHub does.
PROSE = re.sub(r"(?ms)^```.*?^```", "", README)


def slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_anchor_is_a_heading() -> None:
    headings = {slug(h) for h in re.findall(r"(?m)^#{1,6} (.+)$", PROSE)}
    anchors = set(re.findall(r"\]\(#([^)]+)\)", PROSE))
    assert anchors and anchors <= headings, sorted(anchors - headings)


def test_every_relative_link_exists() -> None:
    targets = {t for t in re.findall(r"\]\(([^)#:]+)\)", PROSE)}
    assert targets
    assert [t for t in sorted(targets) if not (REPO / t).exists()] == []
