"""The six fields of an EventBridge Scheduler ``cron(...)`` expression, checked field by field.

The fields, their values and wildcards are AWS's table ("Cron expressions reference",
EventBridge User Guide):

    minutes       0-59                 , - * /
    hours         0-23                 , - * /
    day-of-month  1-31                 , - * ? / L W
    month         1-12 or JAN-DEC      , - * /
    day-of-week   1-7 or SUN-SAT       , - * ? L #
    year          1970-2199            , - * /

Exactly one of day-of-month and day-of-week is ``?``. Fields are separated by spaces or tabs.

Where AWS's page is silent this module accepts only what it is sure of, and says so:

- a range goes from low to high (``MON-FRI``, ``10-14``); one that wraps around (``FRI-MON``,
  ``22-2``) is refused;
- a step starts at ``*`` or a value (``*/5``, ``10/15``), never at a range (``10-30/5``); the
  step is 1 to the field's highest value (1 to 229 for the year, its span);
- the special forms stand alone in their field, never in a list: ``?``; ``L`` and ``nW``
  (n 1-31) in day-of-month; ``L``, ``nL`` (n 1-7) and ``d#n`` (d 1-7 or SUN-SAT, n 1-5) in
  day-of-week (AWS: "3#1,6#3" is not valid); ``LW`` and ``FRIL`` are refused;
- names are upper case (``MON``, ``JAN``), as AWS writes them.

Every problem is reported, each naming its field and the rule; the expression is not
sensitive, so a message quotes the item it refuses. Standard library only; the caller bounds
the text's length, and nothing here backtracks.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["cron_problems", "FIELD_NAMES"]

FIELD_NAMES = ("minutes", "hours", "day-of-month", "month", "day-of-week", "year")
"""The six fields of a cron expression, in order."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    """Names of the values from ``low`` on (JAN is 1, SUN is 1)."""
    step_max: int = 0
    """The largest step after ``/``; 0: the field takes no ``/``."""
    question: bool = False
    """The field may be ``?``."""

    @property
    def where(self) -> str:
        return f"cron {self.name}"

    @property
    def values(self) -> str:
        text = f"{self.low}-{self.high}"
        return f"{text} or {self.names[0]}-{self.names[-1]}" if self.names else text


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_FIELDS = (
    _Field("minutes", 0, 59, step_max=59),
    _Field("hours", 0, 23, step_max=23),
    _Field("day-of-month", 1, 31, step_max=31, question=True),
    _Field("month", 1, 12, names=_MONTHS, step_max=12),
    _Field("day-of-week", 1, 7, names=_DAYS, question=True),
    _Field("year", 1970, 2199, step_max=229),
)
_DAY_OF_MONTH, _DAY_OF_WEEK = _FIELDS[2], _FIELDS[4]


def _shown(text: str) -> str:
    """``text`` as a message may quote it: printable ASCII as is, anything else escaped."""
    return text if text.isascii() and text.isprintable() else ascii(text)


def _number(text: str, digits: int = 4) -> int | None:
    """The value of ``text`` if it is 1 to ``digits`` ASCII digits, else None."""
    if 0 < len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def _value(field: _Field, text: str) -> int | None:
    """The value ``text`` names in ``field`` (a number or a name), None if none in range."""
    value = field.low + field.names.index(text) if text in field.names else _number(text)
    return value if value is not None and field.low <= value <= field.high else None


def _value_problems(field: _Field, item: str, token: str) -> list[str]:
    if token == "":
        return [f"{field.where}: {_shown(item)}: a value is missing"]
    if _value(field, token) is None:
        return [f"{field.where}: {_shown(token)} is not {field.values}"]
    return []


def _step_problems(field: _Field, item: str) -> list[str]:
    start, _, step = item.partition("/")
    where = f"{field.where}: {_shown(item)}"
    if not field.step_max:
        return [f"{where}: {field.name} takes no / step"]
    problems: list[str] = []
    if "-" in start:
        problems.append(f"{where}: a step starts at * or at a value (*/b, a/b), not at a range")
    elif start != "*":
        problems.extend(_value_problems(field, item, start))
    count = _number(step, digits=3)
    if count is None or not 1 <= count <= field.step_max:
        problems.append(f"{where}: the step after / must be 1-{field.step_max}")
    return problems


def _range_problems(field: _Field, item: str) -> list[str]:
    low, _, high = item.partition("-")
    problems = _value_problems(field, item, low) + _value_problems(field, item, high)
    if not problems:
        start, end = _value(field, low), _value(field, high)
        if start is not None and end is not None and start > end:
            problems.append(
                f"{field.where}: {_shown(item)} runs backwards: a range goes from low to high "
                "(wrap-around ranges are not accepted)"
            )
    return problems


def _item_problems(field: _Field, item: str) -> list[str]:
    if item == "*":
        return []
    if "/" in item:
        return _step_problems(field, item)
    if "-" in item:
        return _range_problems(field, item)
    return _value_problems(field, item, item)


def _special_problems(field: _Field, text: str) -> list[str] | None:
    """The problems of a field written in a special form (?, L, W, #); None if it is not one."""
    if text == "?":
        return (
            [] if field.question else [f"{field.where}: ? is only for day-of-month or day-of-week"]
        )
    if field is _DAY_OF_MONTH and (text == "L" or text.endswith("W")):
        if text == "L" or _value(field, text[:-1]) is not None:
            return []
        return [
            f"{field.where}: {_shown(text)} is not 1-31 followed by W (3W: the weekday nearest the 3rd)"
        ]
    if field is _DAY_OF_WEEK and text.endswith("L"):
        if text == "L" or (_number(text[:-1], digits=1) or 0) in range(1, 8):
            return []
        return [f"{field.where}: {_shown(text)} is not 1-7 followed by L (6L: the last Friday)"]
    if field is _DAY_OF_WEEK and "#" in text:
        day, _, week = text.partition("#")
        if _value(field, day) is not None and (_number(week, digits=1) or 0) in range(1, 6):
            return []
        return [
            f"{field.where}: {_shown(text)} is not a day (1-7 or SUN-SAT), # and a week 1-5 "
            "(MON#2: the second Monday)"
        ]
    return None


def _field_problems(field: _Field, text: str) -> list[str]:
    if "," not in text:
        special = _special_problems(field, text)
        return special if special is not None else _item_problems(field, text)
    problems: list[str] = []
    for item in text.split(","):
        special = _special_problems(field, item) if item else None
        if item == "":
            problems.append(f"{field.where}: {_shown(text)}: an item of the list is empty")
        elif special == []:
            problems.append(
                f"{field.where}: {_shown(item)} must stand alone in its field, not in a list"
            )
        else:
            problems.extend(special if special is not None else _item_problems(field, item))
    return problems


def cron_problems(fields: str) -> list[str]:
    """Why ``fields`` (the text between ``cron(`` and ``)``) is not six fields EventBridge
    Scheduler takes; [] if it is. The caller bounds its length."""
    parts = [part for part in fields.replace("\t", " ").split(" ") if part]
    if len(parts) != len(_FIELDS):
        return [
            f"cron: must have six fields ({' '.join(FIELD_NAMES)}) separated by spaces, "
            f"found {len(parts)}"
        ]
    problems = [
        p for field, text in zip(_FIELDS, parts, strict=True) for p in _field_problems(field, text)
    ]
    day_of_month, day_of_week = parts[2] == "?", parts[4] == "?"
    if day_of_month == day_of_week:
        state = "both are" if day_of_month else "neither is"
        problems.append(f"cron day-of-month and day-of-week: exactly one must be ? ({state})")
    return problems
