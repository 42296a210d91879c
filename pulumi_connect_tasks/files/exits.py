"""The exit statuses of ``connect-tasks``, written once; every command returns one of them.

    EXIT_VALID    0   validate: every file valid; start: every task started; schema printed
    EXIT_INVALID  1   a file breaks a rule (nothing started); start: AWS refused a task (the
                      others started), a target name could not be resolved, or no client
                      could be built (nothing was sent)
    EXIT_USAGE    2   a usage error (a path that is not there, a folder without definition
                      files, two files with one key) or a file that cannot be read or parsed;
                      argparse's own usage errors exit 2 as well

As check-jsonschema does: 0 valid, 1 invalid, usage errors apart.
"""

from __future__ import annotations

__all__ = ["EXIT_VALID", "EXIT_INVALID", "EXIT_USAGE"]

EXIT_VALID = 0
"""Every file valid; for ``start``, every task started."""
EXIT_INVALID = 1
"""A violation, or a task AWS did not start."""
EXIT_USAGE = 2
"""A usage error, or a file that cannot be read or parsed."""
