"""The shell around replay: find recordings, load and drive them in parallel workers, write them
through a single writer, show progress, and report per-record errors.

Pipeline (memory stays flat in the number of recordings: nothing holds them all):

    discover -> tasks (a YAML/JSON/CSV file, or a chunk of JSON Lines lines)
             -> workers (processes): parse, validate, classify, drive the engine, chain the hashes
             -> the writer (this process): batches of whole recordings, one short transaction each

At most a few tasks per worker are in flight, and results are taken in input order, so the output
and the interview ids do not depend on `--jobs`."""

from __future__ import annotations

import gc
import json
import os
import signal
import sqlite3
import sys
import textwrap
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import report, store
from .core.assess import assess, fold
from .core.bank import load_bank
from .core.model import Bank
from .core.yamlsrc import SourceError
from .recording import SUFFIXES, Recording, check_against, iter_file, parse_jsonl_line
from .replay import Known, Prepared, content_key, prepare, write_batch

CHUNK_LINES = 64  # JSON Lines lines per task
BATCH = 64  # recordings per write transaction
FORMATS = ("table", "json", "md", "summary")

Failure = tuple[str, int | None, str | None, str]  # file, line, field, reason (picklable)


def discover(paths: Iterable[str]) -> tuple[list[Path], list[SourceError]]:
    """Files named, and recording files found under folders named (sorted, each once)."""
    files, errors, seen = [], [], set()
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                errors.append(SourceError(str(p), None, None, "no recordings in this folder"))
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                errors.append(
                    SourceError(
                        str(p),
                        None,
                        None,
                        f"not a recording file (the suffix is one of {', '.join(sorted(SUFFIXES))})",
                    )
                )
                continue
            found = [p]
        else:
            errors.append(SourceError(str(p), None, None, "no such file or folder"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, errors


def load_all(paths: Iterable[str], bank: Bank) -> tuple[list[Recording], list[SourceError]]:
    """Every recording under paths, validated against the bank, in memory (for `eval` and
    other small sets; replay streams instead)."""
    files, errors = discover(paths)
    recs: list[Recording] = []
    for f in files:
        for r in iter_file(f):
            if isinstance(r, SourceError):
                errors.append(r)
                continue
            try:
                recs.append(check_against(r, bank))
            except SourceError as e:
                errors.append(e)
    return recs, errors


# --- tasks and workers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    file: str
    size: int  # bytes of input this task covers (for progress)
    lines: tuple[tuple[int, bytes], ...] | None = None  # JSON Lines: (line number, raw line)


def tasks(files: Iterable[Path]) -> Iterator[Task]:
    """Files become tasks; JSON Lines files are streamed in chunks of lines."""
    for f in files:
        if f.suffix.lower() != ".jsonl":
            try:
                size = f.stat().st_size
            except OSError:
                size = 0
            yield Task(str(f), size)
            continue
        chunk: list[tuple[int, bytes]] = []
        size = 0
        found = False
        try:
            with f.open("rb") as fh:
                for n, raw in enumerate(fh, start=1):
                    size += len(raw)
                    if not raw.strip():
                        continue
                    chunk.append((n, raw))
                    if len(chunk) >= CHUNK_LINES:
                        found = True
                        yield Task(str(f), size, tuple(chunk))
                        chunk, size = [], 0
        except OSError:
            yield Task(str(f), size)  # the worker names the error
            continue
        if chunk or not found:
            yield Task(str(f), size, tuple(chunk))


_STATE: dict[str, Any] = {}


def _watch_parent() -> None:
    """A worker whose writer was killed (SIGKILL: no shutdown) would wait for work for ever, the
    database open; it notices the writer is gone and leaves."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, name="writer-watch", daemon=True).start()


def _init(
    bank_path: str, bank_hash: str, reviews: bool, db_path: str | None = None, worker: bool = False
) -> None:
    if worker:  # Ctrl-C is the writer's to handle: it stops handing out work and shuts the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _watch_parent()
    bank = _STATE.get("bank")
    if bank is None or bank.hash != bank_hash:
        bank = load_bank(bank_path)
    _STATE.update(bank=bank, reviews=reviews, db_path=db_path, db=None)
    if worker:  # the bank, the automaton and the imports live as long as the worker: keep the
        gc.freeze()  # cycle collector from walking them again and again


def _known(content_hash: str) -> bool:
    """Whether the database already holds this recording (a read-only look from the worker,
    so a rerun does not drive what is stored; the writer checks again in its transaction)."""
    path = _STATE.get("db_path")
    if not path:
        return False
    conn = _STATE.get("db")
    if conn is None:
        if not Path(path).exists():
            return False
        try:
            conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=30)
            conn.execute("select 1 from interviews limit 1")
        except sqlite3.Error:
            return False
        _STATE["db"] = conn
    try:
        return (
            conn.execute(
                "select 1 from interviews where content_hash = ? limit 1", [content_hash]
            ).fetchone()
            is not None
        )
    except sqlite3.Error:
        return False


def work(task: Task) -> list[Prepared | Known | Failure]:
    """In a worker: every recording of a task, prepared for the writer or failed with a reason."""
    bank: Bank = _STATE["bank"]
    reviews: bool = _STATE["reviews"]
    if task.lines is None:
        recs: Iterable[Any] = iter_file(Path(task.file))
    elif not task.lines:
        recs = [SourceError(task.file, None, None, "no recordings in the file")]
    else:
        recs = (parse_jsonl_line(task.file, n, raw) for n, raw in task.lines)
    out: list[Prepared | Known | Failure] = []
    for r in recs:
        if isinstance(r, SourceError):
            out.append((r.file, r.line, r.field, r.message))
            continue
        try:
            rec = check_against(r, bank)
            h = content_key(rec, reviews)
            if _known(h):
                out.append(Known(rec.source, h))
            else:
                out.append(prepare(bank, rec, reviews=reviews))
        except SourceError as e:
            out.append((e.file, e.line, e.field, e.message))
        except Exception as e:  # noqa: BLE001 - one bad record must not cost the others
            out.append(
                (r.file or r.source, r.line, None, f"could not replay: {type(e).__name__}: {e}")
            )
    return out


def _results(
    todo: Iterator[Task], jobs: int, bank: Bank, reviews: bool, db_path: str | None
) -> Iterator[tuple[Task, list[Prepared | Known | Failure]]]:
    """Results in input order; with jobs > 1 from a process pool, a bounded number in flight."""
    if jobs <= 1:
        _STATE["bank"] = bank
        _init(str(bank.path), bank.hash, reviews, db_path)
        for t in todo:
            yield t, work(t)
        return
    _STATE["bank"] = bank  # inherited by forked workers; others load it from its path
    with ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_init,
        initargs=(str(bank.path), bank.hash, reviews, db_path, True),
    ) as pool:
        window: deque[tuple[Task, Future]] = deque()
        try:
            for t in todo:
                window.append((t, pool.submit(work, t)))
                if len(window) >= 3 * jobs:
                    t0, fut = window.popleft()
                    yield t0, fut.result()
            while window:
                t0, fut = window.popleft()
                yield t0, fut.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # the running tasks end by themselves
            raise


# --- progress --------------------------------------------------------------------------------------


@dataclass
class Counts:
    replayed: int = 0
    already: int = 0
    failed: int = 0
    errors: list[SourceError] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.replayed + self.already + self.failed

    def line(self) -> str:
        return f"replayed {self.replayed}, already present {self.already}, failed {self.failed}"


class Progress:
    """A bar on a terminal (stderr); otherwise a plain line at each tenth of the input, at most
    one a second (and always the last)."""

    def __init__(self, total: int, enabled: bool, tty: bool | None = None) -> None:
        self.total = max(total, 1)
        self.enabled = enabled
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.bar: Any = None
        self.last_step = -1
        self.last_time = 0.0
        if enabled and self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("replay"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.description}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=self.total)

    def update(self, done_bytes: int, counts: Counts, waiting: int = 0) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(self.task, completed=done_bytes, description=counts.line())
            return
        pct = min(100, done_bytes * 100 // self.total)
        step = pct // 10
        now = time.monotonic()
        if step > self.last_step and (now - self.last_time >= 1.0 or pct == 100):
            self.last_step, self.last_time = step, now
            click.echo(
                f"progress: {pct}% of input, {counts.done + waiting} recordings read "
                f"({counts.line()}, {waiting} waiting to be written)",
                err=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# --- output ----------------------------------------------------------------------------------------


class Output:
    """Per-interview output as the writer commits; JSON is streamed as one document."""

    def __init__(self, bank: Bank, fmt: str, reviews: bool) -> None:
        self.bank, self.fmt, self.reviews = bank, fmt, reviews
        self.n = 0

    def emit(self, db: Any, ids: list[str]) -> None:
        if self.fmt == "summary" or not ids:
            return
        if self.fmt in ("table", "md"):
            from .cli import print_interviews

            print_interviews(self.bank, db, ids, self.fmt, reviews=self.reviews)
            return
        for iid in ids:
            meta = store.interview(db, iid) or {"id": iid}
            a = assess(self.bank, fold(store.events(db, iid)), reviews=self.reviews)
            doc = json.dumps(
                report.interview_json(self.bank, meta, a), ensure_ascii=False, indent=2
            )
            click.echo(
                ('{\n  "interviews": [\n' if self.n == 0 else ",\n") + textwrap.indent(doc, "    "),
                nl=False,
            )
            self.n += 1

    def close(self) -> None:
        if self.fmt == "json":
            click.echo("\n  ]\n}" if self.n else '{\n  "interviews": []\n}')


# --- the run -----------------------------------------------------------------------------------------


def run_replay(
    paths: tuple[str, ...],
    db_path: str,
    bank: Bank,
    *,
    reviews: bool,
    again: bool,
    fmt: str,
    jobs: int = 1,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Replay every recording under paths into db_path. Exit code: 0 all good, 1 some records
    failed, 2 nothing could run (no recordings found or readable, no database, a worker died),
    130 interrupted (Ctrl-C; what is stored is whole)."""
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    files, errors = discover(paths)
    counts = Counts(errors=list(errors))
    counts.failed = len(errors)
    total = 0
    for f in files:
        try:
            total += f.stat().st_size
        except OSError:
            pass
    bar = Progress(total, progress and bool(files))
    out = Output(bank, fmt, reviews)
    db = None
    pending: list[Prepared | Known] = []
    done_bytes = 0

    def flush() -> None:
        nonlocal db
        if not pending:
            return
        if db is None:
            db = store.open_db(db_path)
        stored = write_batch(db, pending, again=again)
        for p, (iid, already) in zip(pending, stored, strict=True):
            if iid is None:
                counts.failed += 1
                counts.errors.append(
                    SourceError(
                        p.source,
                        None,
                        None,
                        "was stored when read, but is not now; run the replay again",
                    )
                )
                continue
            counts.already += already
            counts.replayed += not already
        pending.clear()
        out.emit(db, [iid for iid, _ in stored if iid is not None])
        if on_batch is not None:
            on_batch(counts.done)

    try:
        for task, results in _results(
            tasks(files), jobs, bank, reviews, None if again else db_path
        ):
            for r in results:
                if isinstance(r, Prepared | Known):
                    pending.append(r)
                else:
                    counts.errors.append(SourceError(*r))
                    counts.failed += 1
            if len(pending) >= BATCH:
                flush()
            done_bytes += task.size
            bar.update(done_bytes, counts, len(pending))
        flush()
    except KeyboardInterrupt:
        bar.close()
        out.close()
        click.echo(
            f"\ninterrupted: {counts.line()}  (database {db_path}); what is stored is "
            f"whole: run the same replay again to finish",
            err=True,
        )
        return 130
    except BrokenProcessPool as e:
        bar.close()
        out.close()
        click.echo(
            f"interviewbot: a worker process died ({e}); what is stored is whole: run the "
            f"replay again (with fewer --jobs if memory is short)",
            err=True,
        )
        click.echo(f"{counts.line()}  (database {db_path}); stopped", err=True)
        return 2
    except Exception as e:  # the database cannot be opened or written
        bar.close()
        out.close()
        click.echo(f"interviewbot: cannot write to {db_path}: {type(e).__name__}: {e}", err=True)
        click.echo(f"{counts.line()}  (database {db_path}); stopped", err=True)
        return 2
    bar.close()
    out.close()
    for e in counts.errors:
        click.echo(f"FAILED {e}", err=True)
    if counts.replayed + counts.already == 0:
        click.echo("nothing could be replayed", err=True)
        return 2
    click.echo(f"{counts.line()}  (database {db_path})", err=True)
    return 1 if counts.errors else 0
