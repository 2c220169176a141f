"""Cleaning rules for the merged sign-up export. See README.md for the full specification."""
from __future__ import annotations

import datetime
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


def normalize_email(raw: Optional[str]) -> Optional[str]:
    """Trimmed, lower-cased email, or None when it is not a plausible address."""
    raise NotImplementedError


def normalize_phone(raw: Optional[str]) -> Optional[str]:
    """E.164 phone number (+ and 8-15 digits), or None."""
    raise NotImplementedError


def parse_date(raw: Optional[str]) -> Optional[datetime.date]:
    """Parses YYYY-MM-DD, DD/MM/YYYY or 'Mon D, YYYY'; None when invalid."""
    raise NotImplementedError


def clean_records(rows: Iterable[Mapping[str, Optional[str]]]) -> CleanResult:
    """Validates, normalizes and de-duplicates sign-up rows."""
    raise NotImplementedError


def clean_file(in_path: str, out_path: str) -> dict[str, int]:
    """Cleans a CSV export into a new CSV file and returns the counts."""
    raise NotImplementedError
