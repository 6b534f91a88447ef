"""Recognise a publication date written on a line of its own ("August 18, 2025", "2025-08-18")."""
from __future__ import annotations

import re
from datetime import date

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
]
_DATE_LINE = re.compile(r"^\s*(?:(?:published|posted|updated|date)\s*(?:on)?\s*:?\s*)?"
                        r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?(?P<rest>.{6,40})$", re.I)


def parse_date(value: str) -> str | None:
    """The ISO date in ``value``, or None."""
    for pattern in _PATTERNS:
        match = pattern.search(value)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"][:3].lower()]
        try:
            return date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            continue
    return None


def find_date(blocks: list[str]) -> str | None:
    """A date standing on a line of its own (optionally "Published: …") among ``blocks``."""
    for block in blocks:
        for line in block.splitlines():
            match = _DATE_LINE.match(line)
            if match and len(line) <= 60:
                found = parse_date(match.group("rest"))
                if found:
                    return found
    return None
