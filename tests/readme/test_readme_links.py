"""The links of README.md and of every page in docs/ lead somewhere: every relative path exists,
every #anchor is a heading of the page it points into, and every file in docs/ can be reached
from README.md, directly or through another page."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:, ...: not a relative link


def prose(page: Path) -> str:
    """The page without its code blocks (a fence may be indented, inside a list)."""
    return re.sub(r"(?ms)^ *```.*?^ *```", "", page.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def headings(page: Path) -> set[str]:
    """The anchors of the page's headings, slugged as GitHub does (a repeated one gets -1, -2)."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for heading in re.findall(r"(?m)^#{1,6} (.+)$", prose(page)):
        anchor = slug(heading)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def links(page: Path) -> list[tuple[Path, str]]:
    """(path, anchor) of every relative link of the page; the anchor is "" when it has none."""
    found = []
    for target in re.findall(r"\]\(([^)\s]+)\)", prose(page)):
        if SCHEME.match(target):
            continue
        path, _, anchor = target.partition("#")
        found.append((Path(os.path.normpath(page.parent / path)) if path else page, anchor))
    return found


def name(path: Path) -> str:
    return os.path.relpath(path, REPO)


def test_every_anchor_is_a_heading() -> None:
    anchors = [(page, path, anchor) for page in PAGES for path, anchor in links(page) if anchor]
    assert anchors
    broken = [
        f"{name(page)}: {name(path)}#{anchor}"
        for page, path, anchor in anchors
        if not (path.suffix == ".md" and path.is_file() and anchor in headings(path))
    ]
    assert broken == []


def test_every_relative_link_exists() -> None:
    targets = [(page, path) for page in PAGES for path, _ in links(page)]
    assert targets
    assert [f"{name(page)}: {name(path)}" for page, path in targets if not path.exists()] == []


def test_every_file_in_docs_is_reachable_from_the_readme() -> None:
    reached, pages = {README}, [README]
    while pages:
        for path, _ in links(pages.pop()):
            if path not in reached and path.is_file():
                reached.add(path)
                if path.suffix == ".md":
                    pages.append(path)
    files = [path for path in sorted(DOCS.rglob("*")) if path.is_file()]
    assert files
    assert [name(path) for path in files if path not in reached] == []
