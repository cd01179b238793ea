"""What every command module shares: the --db and --bank options, failing with a message, the
output console, opening a database that must exist."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
import sqlite_utils
from rich.console import Console

from . import store
from .core.bank import load_bank
from .core.model import Bank
from .core.yamlsrc import SourceError

DB_OPTION = click.option(
    "--db",
    "db_path",
    default=store.DEFAULT_DB,
    show_default=True,
    envvar="INTERVIEWBOT_DB",
    type=click.Path(dir_okay=False),
    help="SQLite database (env INTERVIEWBOT_DB).",
)
BANK_OPTION = click.option(
    "--bank",
    "bank_spec",
    default=None,
    envvar="INTERVIEWBOT_BANK",
    help="Bank id under question_bank/, a bank folder or its bank.yaml (default itil-crm).",
)


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"interviewbot: {message}", err=True)
    sys.exit(code)


def get_bank(spec: str | None) -> Bank:
    try:
        return load_bank(spec)
    except SourceError as e:
        fail(f"bank error: {e}")


def out_console() -> Console:
    """Rich output on a terminal; plain, wide text when piped (no wrapping at 80 columns)."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, width=160, no_color=True, force_terminal=False)


def open_existing(db_path: str) -> sqlite_utils.Database:
    """A database that must already hold interviews (reading and reviewing never create one)."""
    if not Path(db_path).exists():
        fail(f"no database at {db_path} (replay or run an interview first, or give --db)")
    return store.open_db(db_path)
