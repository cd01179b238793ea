"""The shell around replay: find recordings, load them, replay each, report per-record errors."""

from __future__ import annotations

from pathlib import Path

import click

from . import store
from .core.model import Bank
from .core.yamlsrc import SourceError
from .recording import Recording, check_against, load_file
from .replay import replay_one

SUFFIXES = {".yaml", ".yml", ".json", ".jsonl"}


def discover(paths: tuple[str, ...]) -> tuple[list[Path], list[SourceError]]:
    files, errors = [], []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(SourceError(str(p), None, None, "no recordings in this folder"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            errors.append(SourceError(str(p), None, None, "no such file or folder"))
    return files, errors


def load_all(paths: tuple[str, ...], bank: Bank) -> tuple[list[Recording], list[SourceError]]:
    files, errors = discover(paths)
    recs: list[Recording] = []
    for f in files:
        for r in load_file(f):
            if isinstance(r, SourceError):
                errors.append(r)
                continue
            try:
                recs.append(check_against(r, bank))
            except SourceError as e:
                errors.append(e)
    return recs, errors


def run_replay(paths: tuple[str, ...], db_path: str, bank: Bank, *, reviews: bool, again: bool,
               fmt: str) -> int:
    recs, errors = load_all(paths, bank)
    if not recs and errors:
        for e in errors:
            click.echo(f"FAILED {e}", err=True)
        click.echo("nothing could be replayed", err=True)
        return 2
    db = store.open_db(db_path)
    stored, already = [], 0
    for rec in recs:
        try:
            s = replay_one(db, bank, rec, again=again, reviews=reviews)
        except Exception as e:  # one bad record must not cost the others
            errors.append(SourceError(rec.source, None, None, f"could not replay: {e}"))
            continue
        already += s.already
        stored.append(s.interview_id)
    from .cli import print_interviews

    print_interviews(bank, db, stored, fmt, reviews=reviews)
    replayed = len(stored) - already
    for e in errors:
        click.echo(f"FAILED {e}", err=True)
    click.echo(f"replayed {replayed}, already present {already}, failed {len(errors)}"
               f"  (database {db_path})", err=True)
    return 1 if errors else 0
