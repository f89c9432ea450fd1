"""Typed access to the facts ledger, ``data/ledger.toml``.

Every sourced number in the book is read through :func:`fact`; prose inserts it with
the ``{fact}`` role (see :mod:`explainers.sphinxext`), which links it to its row in the
"Sources of every number" appendix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

GRADES = {
    "P": "primary source, read",
    "P*": "primary text, read through a verbatim copy",
    "D": "derived by arithmetic from primary figures",
    "S": "secondary source only",
    "S(q)": "secondary source quoting the primary text",
    "C": "sources conflict",
}
#: Grades a page must flag next to the number.
FLAGGED_GRADES = {"S": "secondary", "S(q)": "secondary", "C": "disputed"}

DATA_PATH = Path(__file__).parent / "data" / "ledger.toml"
#: the press articles' claims and the book's verdicts, apart: the chapters' kernels never read them
CLAIMS_PATH = DATA_PATH.with_name("claims.toml")

_FIELDS = {"row", "label", "value", "unit", "display", "scale", "includes", "excludes",
           "source", "locator", "grade", "formula", "dispute"}
_REQUIRED = {"row", "label", "value", "unit", "source", "locator", "grade"}


@dataclass(frozen=True)
class Fact:
    """One sourced number (or short statement) of the ledger.

    ``value`` is in base units (GPU-hours, USD, parameters, FLOP, fractions);
    :meth:`text` formats it the way prose shows it.
    """

    key: str
    row: str
    label: str
    value: float | int | str
    unit: str
    source: tuple[str, ...]
    locator: str
    grade: str
    display: str = "{}"
    scale: float = 1
    includes: str = ""
    excludes: str = ""
    formula: str = ""
    dispute: str = ""

    def text(self) -> str:
        """The value as prose shows it, e.g. ``'2.788M'`` for 2,788,000 GPU-hours."""
        if isinstance(self.value, str):
            return self.display.format(self.value)
        scaled = self.value / self.scale if self.scale != 1 else self.value
        return self.display.format(scaled)

    @property
    def flag(self) -> str:
        """``'secondary'`` or ``'disputed'`` when the page must mark the number, else ``''``."""
        return FLAGGED_GRADES.get(self.grade, "")

    @property
    def chapter(self) -> str:
        """The ledger chapter number, the part of ``row`` before the dot."""
        return self.row.split(".")[0]


class LedgerError(ValueError):
    """The data file cannot be read, or rows of it are malformed: the message names the file, each key and field."""


_TEXT_FIELDS = ("row", "label", "unit", "locator", "grade", "display", "includes", "excludes", "formula", "dispute")
_NON_EMPTY = ("row", "label", "locator", "grade")


def _problems(raw: dict) -> list[str]:
    """What is wrong with one fact's table, field by field (empty when nothing is)."""
    unknown, missing = set(raw) - _FIELDS, _REQUIRED - set(raw)
    if unknown or missing:
        return [f"unknown fields {sorted(unknown)}" if unknown else "", f"missing fields {sorted(missing)}" if missing else ""]
    found = [f"field {name!r} must be text, got {raw[name]!r}" for name in _TEXT_FIELDS
             if name in raw and not isinstance(raw[name], str)]
    found += [f"field {name!r} must not be empty" for name in _NON_EMPTY
              if isinstance(raw[name], str) and not raw[name].strip()]
    if not re.fullmatch(r"\d+\.\d+", str(raw["row"])):
        found.append(f"field 'row' must be a row number such as '1.16', got {raw['row']!r}")
    source = raw["source"]
    if not isinstance(source, list) or not source or not all(isinstance(k, str) and k.strip() for k in source):
        found.append(f"field 'source' must be a non-empty list of keys of references.bib, got {source!r}")
    v = raw["value"]
    if isinstance(v, bool) or not isinstance(v, (int, float, str)) or (isinstance(v, str) and not v.strip()):
        found.append(f"field 'value' must be a number or non-empty text, got {v!r}")
    scale = raw.get("scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        found.append(f"field 'scale' must be a number > 0, got {scale!r}")
    if raw["grade"] not in GRADES:
        found.append(f"field 'grade' must be one of {sorted(GRADES)}, got {raw['grade']!r}")
    if raw["grade"] == "D" and not raw.get("formula"):
        found.append("grade D needs a 'formula'")
    if raw["grade"] == "C" and not raw.get("dispute"):
        found.append("grade C needs a 'dispute' note")
    return [p for p in found if p]


def _parse(key: str, raw: dict) -> Fact:
    problems = _problems(raw)
    if not problems:
        f = Fact(key=key, **{**raw, "source": tuple(raw["source"])})
        try:
            f.text()
        except (ValueError, TypeError, KeyError, IndexError) as err:
            problems = [f"field 'display' {f.display!r} cannot show value {f.value!r}: {err}"]
    if problems:
        raise LedgerError(f"{DATA_PATH}: fact {key!r}: " + "; ".join(problems))
    return f


#: The verdicts a press claim can get, and how the book names them.
VERDICTS = {
    "true": "True",
    "true-but-misleading": "True but misleading",
    "false": "False",
    "unverified": "Unverified",
    "allegation": "An allegation",
    "outdated": "Outdated",
}


@dataclass(frozen=True)
class Claim:
    """A checkable claim of a press article the book examines, and the book's verdict on it.

    ``quote`` is the article's exact words (a few); ``claim`` says what it claims, in the book's words;
    ``reason`` says why the verdict holds, in MyST with the numbers as ``{fact}`` roles; ``facts`` are the
    ledger keys that settle it; ``chapters`` are the ``(chapter label, section title)`` that explain it
    (an empty title: the chapter's box on what the press said);
    ``reading`` says, when it differs, how the book reads the matter against a common summary.
    """

    key: str
    quote: str
    file: str
    outlet: str
    claim: str
    verdict: str
    reason: str
    facts: tuple[str, ...]
    chapters: tuple[tuple[str, str], ...]
    reading: str = ""


_CLAIM_FIELDS = {"quote", "file", "outlet", "claim", "verdict", "reason", "facts", "chapters", "reading"}


def _claim_problems(raw: dict, facts: dict) -> list[str]:
    found = [f"missing field {name!r}" for name in sorted(_CLAIM_FIELDS - {"reading"} - raw.keys())]
    found += [f"unknown field {name!r}" for name in sorted(raw.keys() - _CLAIM_FIELDS)]
    for name in ("quote", "file", "outlet", "claim", "reason", "reading"):
        if name in raw and not (isinstance(raw[name], str) and raw[name].strip()):
            found.append(f"field {name!r} must be non-empty text, got {raw[name]!r}")
    if "verdict" in raw and raw["verdict"] not in VERDICTS:
        found.append(f"field 'verdict' must be one of {list(VERDICTS)}, got {raw['verdict']!r}")
    keys = raw.get("facts", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        found.append(f"field 'facts' must be a list of ledger keys, got {keys!r}")
    else:
        found += [f"field 'facts' names no ledger fact {k!r}" for k in keys if k not in facts]
    places = raw.get("chapters", [])
    if not isinstance(places, list) or not all(
            isinstance(p, dict) and "label" in p and p.keys() <= {"label", "section"}
            and all(isinstance(v, str) and v for v in p.values()) for p in places):
        found.append(f"field 'chapters' must be a list of {{label, section}} tables (section optional), got {places!r}")
    return found


@cache
def _claims() -> dict[str, Claim]:
    """Every press claim, keyed; a :class:`LedgerError` listing every malformed one at once."""
    try:
        with CLAIMS_PATH.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise LedgerError(f"{CLAIMS_PATH}: not valid TOML: {err}") from None
    claims, errors = {}, []
    facts = _load()
    for key, raw in data.get("claims", {}).items():
        raw = raw if isinstance(raw, dict) else {}
        problems = _claim_problems(raw, facts)
        if problems:
            errors.append(f"{CLAIMS_PATH}: claim {key!r}: " + "; ".join(problems))
            continue
        claims[key] = Claim(key=key, **{**raw, "facts": tuple(raw["facts"]),
                                         "chapters": tuple((p["label"], p.get("section", "")) for p in raw["chapters"])})
    if errors:
        raise LedgerError(f"{len(errors)} malformed press claim(s):\n" + "\n".join(errors))
    return claims


@cache
def _data() -> dict:
    try:
        with DATA_PATH.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise LedgerError(f"{DATA_PATH}: not valid TOML: {err}") from None


@cache
def _load() -> dict[str, Fact]:
    """Every fact, keyed; a :class:`LedgerError` listing every malformed row at once."""
    facts, errors = {}, []
    for key, raw in _data().get("facts", {}).items():
        try:
            facts[key] = _parse(key, raw) if isinstance(raw, dict) else _parse(key, {})
        except LedgerError as err:
            errors.append(str(err))
    if errors:
        raise LedgerError(f"{len(errors)} malformed ledger fact(s):\n" + "\n".join(errors))
    return facts


def claim(key: str) -> Claim:
    """The press claim ``key``; a ``KeyError`` naming close matches if there is none."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a str such as 'press.nvidia-600b', got {type(key).__name__}: {key!r}")
    claims = _claims()
    if key not in claims:
        close = difflib.get_close_matches(key, claims, n=3, cutoff=0.5)
        raise KeyError(f"no press claim {key!r}" + (f"; did you mean {', '.join(map(repr, close))}?" if close else ""))
    return claims[key]


def all_claims() -> list[Claim]:
    """Every press claim in the data file, in its order."""
    return list(_claims().values())


def fact(key: str) -> Fact:
    """Return the ledger record for ``key``.

    Parameters
    ----------
    key : str
        A ledger key such as ``"v3.total-gpu-hours"``.

    Returns
    -------
    Fact
        The typed record: value, unit, what it includes and excludes, source, grade.

    Raises
    ------
    TypeError
        If ``key`` is not a string.
    KeyError
        If no fact has that key; the message names the closest keys.
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {type(key).__name__}: {key!r}")
    facts = _load()
    try:
        return facts[key]
    except KeyError:
        close = difflib.get_close_matches(key, facts, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"no ledger fact {key!r}{hint}") from None


def value(key: str) -> float:
    """Return the numeric value of fact ``key`` (a ``TypeError`` for a text fact)."""
    v = fact(key).value
    if isinstance(v, str):
        raise TypeError(f"ledger fact {key!r} is text ({v!r}), not a number")
    return v


def all_facts() -> list[Fact]:
    """Every fact, ordered by ledger row, then key."""
    def order(f: Fact):
        return tuple(int(p) for p in f.row.split(".")), f.key
    return sorted(_load().values(), key=order)


def snapshot() -> str:
    """Every fact's value and its text as pages show it, one ``key<TAB>value<TAB>text`` line each, in key order.

    ``tests/ledger-values.tsv`` keeps the reviewed copy: a changed number fails the tests until that file
    is updated on purpose (``python -m explainers.ledger > tests/ledger-values.tsv``), so no value the
    prose quotes can change unnoticed, whether or not any code reads it.
    """
    return "".join(f"{f.key}\t{f.value!r}\t{f.text()}\n" for f in sorted(_load().values(), key=lambda f: f.key))


# --- The timeline -------------------------------------------------------------------------------

#: The rows of the whole-story timeline, top to bottom.
LANES = ("DeepSeek", "others", "research", "rules", "chips", "disputes", "market")
_DAY_RANGE = re.compile(r"^(\d{1,2})[–-]\d{1,2} ")


def parse_date(text: str) -> tuple[date, str]:
    """``(date, precision)`` of a ledger date such as "7 October 2022", "27–28 February 2025" or "May 2024".

    A range gives its first day; a month alone gives the first of the month, with precision "month".
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r}")
    first_day = _DAY_RANGE.sub(r"\1 ", text.strip())
    for pattern, precision in (("%d %B %Y", "day"), ("%B %Y", "month")):
        try:
            return datetime.strptime(first_day, pattern).date(), precision
        except ValueError:
            pass
    raise ValueError(f"text must be a date like '7 October 2022' or 'May 2024', got {text!r}")


@dataclass(frozen=True)
class Event:
    """One dated event of the story: its date, source and grade are those of the ledger fact ``fact``."""

    fact: str
    lane: str
    label: str
    chapters: tuple[str, ...]

    @property
    def date(self) -> date:
        return parse_date(fact(self.fact).value)[0]

    @property
    def precision(self) -> str:
        """"day" or "month": how precisely the source dates the event."""
        return parse_date(fact(self.fact).value)[1]

    @property
    def when(self) -> str:
        """The date as the source gives it, e.g. "July 2025"."""
        return fact(self.fact).text()


@cache
def timeline() -> tuple[Event, ...]:
    """Every event of the data file's timeline, in date order (ties keep the file's order).

    Raises ``ValueError`` for an entry whose fact is missing, is not a date, or whose lane is unknown.
    """
    events = []
    for i, raw in enumerate(_data().get("timeline", [])):
        event = Event(raw["fact"], raw["lane"], raw["label"], tuple(raw.get("chapters", ())))
        if event.lane not in LANES:
            raise ValueError(f"timeline entry {i} ({event.fact}): lane must be one of {LANES}, got {event.lane!r}")
        try:
            parse_date(fact(event.fact).value)
        except KeyError as e:
            raise ValueError(f"timeline entry {i}: {e.args[0]}") from None
        except (TypeError, ValueError) as e:
            raise ValueError(f"timeline entry {i} ({event.fact}) does not state a date: {e}") from None
        events.append(event)
    return tuple(sorted(events, key=lambda e: e.date))


def chapter_timeline(chapter: str) -> tuple[Event, ...]:
    """The events of the timeline that ``chapter`` (a page slug such as "export-controls") shows."""
    events = tuple(e for e in timeline() if chapter in e.chapters)
    if not events:
        chapters = sorted({c for e in timeline() for c in e.chapters})
        raise ValueError(f"chapter must be one of {chapters}, got {chapter!r}")
    return events


if __name__ == "__main__":
    print(snapshot(), end="")
