"""Cleaning rules for the merged sign-up export. See README.md for the full specification."""
from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional


@dataclass(frozen=True)
class Customer:
    name: str
    email: str
    phone: Optional[str]
    signed_up: datetime.date


@dataclass
class CleanResult:
    customers: list[Customer] = field(default_factory=list)
    rejects: list[tuple[int, str]] = field(default_factory=list)
    duplicates: int = 0


FIELDS = ('name', 'email', 'phone', 'signed_up')
_PHONE_SEPARATORS = re.compile(r'[\s\-.()]')
_MONTHS = {name: number for number, name in enumerate(
    ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'), start=1)}
_DATE_FORMATS = (
    (re.compile(r'(\d{4})-(\d{2})-(\d{2})'), lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r'(\d{2})/(\d{2})/(\d{4})'), lambda m: (int(m[3]), int(m[2]), int(m[1]))),
    (re.compile(r'([A-Za-z]{3}) (\d{1,2}), (\d{4})'),
     lambda m: (int(m[3]), _MONTHS.get(m[1].lower(), 0), int(m[2]))),
)


def normalize_email(raw: Optional[str]) -> Optional[str]:
    """Trimmed, lower-cased email, or None when it is not a plausible address."""
    if raw is None:
        return None
    email = raw.strip().lower()
    if email.count('@') != 1 or any(ch.isspace() for ch in email):
        return None
    local, domain = email.split('@')
    labels = domain.split('.')
    if not local or len(labels) < 2 or any(label == '' for label in labels):
        return None
    return email


def normalize_phone(raw: Optional[str]) -> Optional[str]:
    """E.164 phone number (+ and 8-15 digits), or None."""
    if raw is None:
        return None
    compact = _PHONE_SEPARATORS.sub('', raw)
    if compact.startswith('+'):
        digits, international = compact[1:], True
    elif compact.startswith('00'):
        digits, international = compact[2:], True
    else:
        digits, international = compact, False
    if not digits.isascii() or not digits.isdigit():
        return None
    if international:
        return f'+{digits}' if 8 <= len(digits) <= 15 else None
    if len(digits) == 10:
        return f'+1{digits}'
    if len(digits) == 11 and digits.startswith('1'):
        return f'+{digits}'
    return None


def parse_date(raw: Optional[str]) -> Optional[datetime.date]:
    """Parses YYYY-MM-DD, DD/MM/YYYY or 'Mon D, YYYY'; None when invalid."""
    if raw is None:
        return None
    text = raw.strip()
    for pattern, parts in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return datetime.date(*parts(match))
            except ValueError:
                return None
    return None


def _clean_name(raw: Optional[str]) -> str:
    return ' '.join((raw or '').split())


def clean_records(rows: Iterable[Mapping[str, Optional[str]]]) -> CleanResult:
    """Validates, normalizes and de-duplicates sign-up rows."""
    result = CleanResult()
    # dicts keep insertion order, so replacing a value keeps the email's first position.
    by_email: dict[str, Customer] = {}
    for index, row in enumerate(rows):
        email = normalize_email(row.get('email'))
        if email is None:
            result.rejects.append((index, 'invalid email'))
            continue
        signed_up = parse_date(row.get('signed_up'))
        if signed_up is None:
            result.rejects.append((index, 'invalid signup date'))
            continue
        customer = Customer(_clean_name(row.get('name')), email, normalize_phone(row.get('phone')), signed_up)
        kept = by_email.get(email)
        if kept is not None:
            result.duplicates += 1
            if customer.signed_up < kept.signed_up:
                continue
        by_email[email] = customer
    result.customers = list(by_email.values())
    return result


def clean_file(in_path: str, out_path: str) -> dict[str, int]:
    """Cleans a CSV export into a new CSV file and returns the counts."""
    with open(in_path, newline='', encoding='utf-8-sig') as source:
        rows = list(csv.DictReader(source))
    result = clean_records(rows)
    with open(out_path, 'w', newline='', encoding='utf-8') as target:
        writer = csv.writer(target)
        writer.writerow(FIELDS)
        for c in result.customers:
            writer.writerow((c.name, c.email, c.phone or '', c.signed_up.isoformat()))
    return {
        'read': len(rows),
        'written': len(result.customers),
        'rejected': len(result.rejects),
        'duplicates': result.duplicates,
    }
