"""``python -m connect_tasks_audit > docs/aws-rules.md``: print the audit as Markdown."""

from __future__ import annotations

import sys

from .table import markdown


def main() -> int:
    """Write the table to stdout; the exit status."""
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
