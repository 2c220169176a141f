"""Test helpers: an in-memory SQLite database with the schema, and the query files under queries/.

Do not edit: this file is restored from the original before grading.
"""
import pathlib
import sqlite3

ROOT = pathlib.Path(__file__).resolve().parent


def open_db(*scripts: str) -> sqlite3.Connection:
    """A fresh in-memory database with db/schema.sql and the given SQL scripts applied."""
    db = sqlite3.connect(':memory:')
    db.execute('PRAGMA foreign_keys = ON')
    db.executescript((ROOT / 'db' / 'schema.sql').read_text(encoding='utf-8'))
    for script in scripts:
        db.executescript(script)
    return db


def seed_sql() -> str:
    return (ROOT / 'db' / 'seed.sql').read_text(encoding='utf-8')


def run_query(db: sqlite3.Connection, name: str) -> tuple[list[str], list[tuple]]:
    """Runs queries/<name>.sql (one SELECT) and returns (column names, rows)."""
    sql = (ROOT / 'queries' / f'{name}.sql').read_text(encoding='utf-8')
    cursor = db.execute(sql)
    return [d[0] for d in cursor.description or []], cursor.fetchall()
