"""Recordings (`interviewbot/recording@1`): load, validate against a bank, and name every
problem by file, line or record, and field.

Files: YAML (.yaml/.yml) and JSON (.json) hold one recording, JSON Lines (.jsonl) one per line,
CSV (.csv) one row per answer (see `load_csv`). Loading never raises: a broken recording comes
back as a `SourceError` in place of the recording, and the rest of the file still loads.

A recording holds the respondent, the answers in the order they were given (questions by id,
probe answers by `<process>.<criterion>`), optional consultant reviews and optional gold ratings.
Items, in order:
  {question: slm.1, text: "..."}             an answer (a second one to the same question amends it)
  {question: slm.2, skipped: true}           skipped
  {question: slm.2, not_applicable: true}    not applicable
  {process: capacity, not_applicable: true}  a whole process not applicable
  {probe: slm.responsibility, text: "..."}   the answer to a follow-up probe ({skipped: true} too)
  {question: slm.1, text: "...", add: true}  words added while confirming the process
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .core.model import CRITERIA, UNASSESSED, Bank, Rating
from .core.scoring import level_for
from .core.yamlsrc import Cursor, SourceError, _kind, parse_yaml

FORMAT = "interviewbot/recording@1"
MAX_TEXT = 100_000


@dataclass(frozen=True)
class Item:
    kind: str  # answer | skipped | not_applicable | process_not_applicable | probe | probe_skipped | add
    prompt: str  # question id, probe id or process id
    text: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Review:
    process: str
    criterion: str
    rating: str
    reviewer: str
    reason: str
    action: str = "override"


@dataclass(frozen=True)
class Recording:
    source: str  # file, or file:line for JSON Lines
    bank: str
    respondent: Mapping[str, str]
    items: tuple[Item, ...]
    reviews: tuple[Review, ...] = ()
    expected: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    content_hash: str = ""
    processes: tuple[str, ...] = ()  # covered, in bank order
    file: str = ""  # the file it came from (source may add a line: file:line)
    line: int | None = None  # the recording's first line, where the file has lines
    lines: Mapping[str, int] = field(default_factory=dict)  # field path -> line, for messages

    def answer_for(self, prompt: str) -> list[Item]:
        return [i for i in self.items if i.prompt == prompt]


SUFFIXES = {".yaml", ".yml", ".json", ".jsonl", ".csv"}


def load_file(path: Path) -> list[Recording | SourceError]:
    """All recordings in a file (JSON Lines and CSV may hold many); bad ones come back as errors."""
    return list(iter_file(path))


def iter_file(path: Path) -> Iterator[Recording | SourceError]:
    """The recordings of one file, streamed (JSON Lines a line at a time). Never raises."""
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _guarded(name, _iter_jsonl(path, name))
            return
        if suffix == ".csv":
            yield from _guarded(name, iter(load_csv(path)))
            return
        data = path.read_bytes()
    except OSError as e:
        yield SourceError(name, None, None, f"cannot read: {e.strerror or e}")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        yield SourceError(
            name, _line_at(data, e.start), None, f"not UTF-8 text ({e.reason} at byte {e.start})"
        )
        return
    yield _safe(name, None, lambda: _parse_text(text, name, suffix))


def _parse_text(text: str, name: str, suffix: str) -> Recording:
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is not content
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise SourceError(
                name, e.lineno, None, f"not valid JSON: {e.msg} (column {e.colno})"
            ) from None
        except RecursionError:
            raise SourceError(name, None, None, "not valid JSON: nested too deeply") from None
        return parse(Cursor(name, data, "", None), name, file=name)
    return parse(Cursor(name, parse_yaml(text, name), "", 1), name, file=name, line=1)


def _iter_jsonl(path: Path, name: str) -> Iterator[Recording | SourceError]:
    found = False
    with path.open("rb") as f:
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            found = True
            yield parse_jsonl_line(name, n, raw)
    if not found:
        yield SourceError(name, None, None, "no recordings in the file")


def parse_jsonl_line(name: str, n: int, raw: bytes | str) -> Recording | SourceError:
    """One line of a JSON Lines file (line number n) as a recording or an error. Never raises."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return SourceError(
                name, n, None, f"not UTF-8 text ({e.reason} at byte {e.start} of the line)"
            )
    if n == 1 and raw.startswith("\ufeff"):
        raw = raw[1:]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        return SourceError(name, n, None, f"not valid JSON: {e.msg} (column {e.colno})")
    except RecursionError:
        return SourceError(name, n, None, "not valid JSON: nested too deeply")
    return _safe(
        name, n, lambda: parse(Cursor(name, data, "", n), f"{name}:{n}", file=name, line=n)
    )


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _guarded(name: str, it: Iterator[Recording | SourceError]) -> Iterator[Recording | SourceError]:
    """Turn an unexpected failure of a loader into a located error instead of a traceback."""
    try:
        yield from it
    except SourceError as e:
        yield e
    except OSError as e:
        yield SourceError(name, None, None, f"cannot read: {e.strerror or e}")
    except Exception as e:  # noqa: BLE001 - a loader bug must not cost the other files
        yield SourceError(name, None, None, f"cannot read this file ({type(e).__name__}: {e})")


def _safe(name: str, line: int | None, f) -> Recording | SourceError:
    try:
        return f()
    except SourceError as e:
        return e
    except RecursionError:
        return SourceError(name, line, None, "the recording is nested too deeply")
    except Exception as e:  # noqa: BLE001 - never a traceback for a bad input file
        return SourceError(
            name, line, None, f"cannot read this recording ({type(e).__name__}: {e})"
        )


# --- CSV: one row per answer ------------------------------------------------------------------

CSV_REQUIRED = ("interview", "text")
CSV_COLUMNS = (
    "interview",
    "bank",
    "respondent",
    "role",
    "organisation",
    "question",
    "probe",
    "text",
)
CSV_RESPONDENT = {"respondent": "name", "role": "role", "organisation": "organisation"}


def load_csv(path: Path) -> list[Recording | SourceError]:
    """A CSV file: a header row, then one row per answer, in the order the answers were given.

    Columns (header names, any order, case and surrounding spaces ignored):
      interview     required: the key that groups rows into one recording (any text)
      question      the question id (slm.1) -- or --
      probe         the follow-up probe id (slm.responsibility); exactly one of the two per row
      text          required: the answer; an empty text records the question as skipped
      respondent, role, organisation   optional: who answered (the first non-empty value counts;
                    a different value on a later row of the same interview is an error)
      bank          optional: the bank id (default itil-crm)
    Rows of one interview need not be adjacent. The delimiter is the one of `,` `;` and tab that
    the header row uses most (spreadsheets export `;` in some locales). Errors name the file, the
    line and the column."""
    name = str(path)
    with path.open("r", encoding="utf-8", newline="") as f:
        try:
            first = f.readline()
            f.seek(0)
            delimiter = max((",", ";", "\t"), key=first.count)  # ties: the first, ","
            return list(_parse_csv(name, f, delimiter))
        except UnicodeDecodeError as e:
            return [SourceError(name, None, None, f"not UTF-8 text ({e.reason})")]


def _parse_csv(
    name: str, f: Iterable[str], delimiter: str = ","
) -> Iterator[Recording | SourceError]:
    csv.field_size_limit(max(csv.field_size_limit(), 8 * MAX_TEXT))
    # strict: an unterminated quote is an error, not a field that swallows the rows after it
    reader = csv.reader(f, delimiter=delimiter, strict=True)
    line = 1
    try:
        header = next(reader, None)
    except csv.Error as e:
        yield SourceError(name, 1, None, f"not valid CSV: {e}")
        return
    if header is None:
        yield SourceError(
            name,
            None,
            None,
            "empty CSV file: expected a header row with columns " + ", ".join(CSV_COLUMNS),
        )
        return
    cols = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    for i, c in enumerate(cols):
        if c not in CSV_COLUMNS:
            yield SourceError(
                name,
                1,
                f"column {i + 1} '{header[i]}'",
                f"unknown column (expected: {', '.join(CSV_COLUMNS)})",
            )
            return
        if c in cols[:i]:
            yield SourceError(name, 1, f"column {i + 1} '{header[i]}'", "column given twice")
            return
    for c in CSV_REQUIRED:
        if c not in cols:
            yield SourceError(name, 1, None, f"missing column '{c}'")
            return
    if "question" not in cols and "probe" not in cols:
        yield SourceError(name, 1, None, "missing column 'question' (or 'probe')")
        return
    groups: dict[str, dict[str, Any]] = {}
    bad: dict[str, SourceError] = {}
    line = reader.line_num
    rows_seen = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            why = (
                "a quoted field opened in this row is never closed"
                if "end of data" in str(e)
                else f"not valid CSV: {e}"
            )
            yield SourceError(name, start, None, why)
            return
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows_seen += 1
        if len(row) != len(cols):
            e = SourceError(
                name,
                start,
                None,
                f"expected {len(cols)} columns (as in the header), got {len(row)}",
            )
            ki = cols.index("interview")
            key = row[ki].strip() if ki < len(row) else ""
            if key and key not in bad:  # the interview is not stored with a row missing
                bad[key] = e
                groups.pop(key, None)
            yield e
            continue
        cell = dict(zip(cols, row, strict=True))
        key = cell["interview"].strip()
        if not key:
            yield SourceError(
                name,
                start,
                f"column {cols.index('interview') + 1} 'interview'",
                "empty interview key",
            )
            continue
        if key in bad:
            continue
        g = groups.setdefault(key, {"line": start, "bank": "", "respondent": {}, "answers": []})
        try:
            _csv_row(name, start, cols, cell, g)
        except SourceError as e:
            bad[key] = e
            groups.pop(key, None)
            yield e
    if not rows_seen:
        yield SourceError(name, None, None, "no answers in the file (only a header)")
    for key, g in groups.items():
        doc = {
            "format": FORMAT,
            "bank": g["bank"] or "itil-crm",
            "respondent": g["respondent"],
            "answers": g["answers"],
        }
        lines = g["lines"]
        yield _safe(
            name,
            g["line"],
            lambda doc=doc, lines=lines, g=g, key=key: _from_csv(name, key, g["line"], doc, lines),
        )


def _csv_row(name: str, line: int, cols: list[str], cell: dict[str, str], g: dict) -> None:
    def err(col: str, msg: str) -> SourceError:
        return SourceError(name, line, f"column {cols.index(col) + 1} '{col}'", msg)

    for col, field_ in CSV_RESPONDENT.items():
        v = cell.get(col, "").strip()
        if v:
            old = g["respondent"].get(field_)
            if old is not None and old != v:
                raise err(
                    col,
                    f"interview '{cell['interview'].strip()}' has {col} {old!r} on an "
                    f"earlier row, {v!r} here",
                )
            g["respondent"][field_] = v
    b = cell.get("bank", "").strip()
    if b:
        if g["bank"] and g["bank"] != b:
            raise err("bank", f"bank {b!r} differs from {g['bank']!r} on an earlier row")
        g["bank"] = b
    q, p = cell.get("question", "").strip(), cell.get("probe", "").strip()
    if bool(q) == bool(p):
        col = "question" if "question" in cols else "probe"
        raise err(col, "each row names exactly one of: question, probe")
    text = cell["text"]
    if _bad_char(text):
        raise err("text", _bad_char(text))
    if len(text) > MAX_TEXT:
        raise err("text", f"answer too long ({len(text):,} characters; at most {MAX_TEXT:,})")
    item: dict[str, Any] = {"question": q} if q else {"probe": p}
    if text.strip():
        item["text"] = text
    else:
        item["skipped"] = True
    g["answers"].append(item)
    g.setdefault("lines", []).append(line)


def _from_csv(name: str, key: str, line: int, doc: dict, lines: list[int]) -> Recording:
    rec = parse(Cursor(name, doc, "", line), f"{name}:{line}", file=name, line=line)
    items = tuple(replace(it, line=ln) for it, ln in zip(rec.items, lines, strict=True))
    return replace(rec, items=items, source=f"{name}:{line} (interview {key})")


def parse(doc: Cursor, source: str, *, file: str = "", line: int | None = None) -> Recording:
    if not isinstance(doc.value, dict):
        raise doc.error("a recording is a mapping with format, bank, respondent and answers")
    doc.check_keys({"format", "bank", "respondent", "answers", "reviews", "expected"})
    fmt = doc.get("format")
    if fmt.value != FORMAT:
        raise fmt.error(f"expected '{FORMAT}', got {fmt.value!r}")
    bank = doc.get("bank").str()
    rc = doc.get("respondent").mapping()
    rc.check_keys({"name", "role", "organisation"})
    respondent = {
        k: rc.get(k).str()
        for k in ("name", "role", "organisation")
        if rc.has(k) and rc.get(k).value is not None
    }
    items = _answers(doc.get("answers"))
    if not items:
        raise doc.get("answers").error("a recording needs at least one answer")
    reviews = tuple(_review(c) for c in doc.get("reviews", []).seq())
    expected = {k: _expected(v, k) for k, v in doc.get("expected", {}).items()}
    lines = {"bank": doc.get("bank").line}
    for n, c in enumerate(doc.get("reviews", []).seq()):
        lines[f"reviews[{n}]"] = c.line
    for k, v in doc.get("expected", {}).items():
        lines[f"expected.{k}"] = v.line
        if v.has("level"):
            lines[f"expected.{k}.level"] = v.get("level").line
    lines = {k: n for k, n in lines.items() if n is not None and n != line}
    try:  # fast: only text, numbers, lists and mappings, every text encodable as UTF-8
        json.dumps(doc.value, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):
        _check_chars(doc)  # slow: find the field and name it
    plain = json.loads(json.dumps(_plain(doc.value), ensure_ascii=False))
    digest = hashlib.sha256(
        json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )
    ).hexdigest()
    return Recording(
        source,
        bank,
        respondent,
        tuple(items),
        reviews,
        expected,
        digest,
        file=file or doc.file,
        line=line,
        lines=lines,
    )


def _answers(c: Cursor) -> list[Item]:
    """The answers, in order. The common item, a plain {question, text} mapping with valid
    values, is read directly (as `_item` would read it); every other one goes through `_item`,
    which reads it or names what is wrong with it."""
    if type(c.value) is not list:
        return [replace(_item(ic), line=ic.line) for ic in c.seq()]
    out = []
    for i, a in enumerate(c.value):
        if (
            type(a) is dict
            and len(a) == 2
            and type(q := a.get("question")) is str
            and type(t := a.get("text")) is str
            and q.strip()
            and len(t) <= MAX_TEXT
        ):
            out.append(Item("answer", q, t, c.line))
        else:
            ic = Cursor(c.file, a, f"{c.path}[{i}]", c.line)
            out.append(replace(_item(ic), line=ic.line))
    return out


def _bad_char(text: str) -> str | None:
    """Why a text cannot be stored as it is (None: it can). Lone surrogates are not text."""
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return f"invalid character U+{ord(ch):04X} (a lone surrogate) at position {i}"
    return None


def _check_chars(c: Cursor) -> None:
    """Every text and key in the recording must be storable as UTF-8."""
    v = c.value
    if isinstance(v, str):
        why = _bad_char(v)
        if why:
            raise c.error(why)
    elif isinstance(v, dict):
        for k in v:
            if isinstance(k, str) and _bad_char(k):
                raise c.error(f"field name {_bad_char(k)}")
            _check_chars(c.get(k))
    elif isinstance(v, list):
        for x in c.seq():
            _check_chars(x)
    elif not (v is None or isinstance(v, bool | int | float)):
        # YAML dates and other tagged values: only text, numbers, true/false, lists, mappings
        raise c.error(f"unexpected value of type {type(v).__name__}: {v!r:.40} (quote it)")


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _text(c: Cursor) -> str:
    if not isinstance(c.value, str):
        raise c.error(f"expected a text, got {_kind(c.value)}")
    if len(c.value) > MAX_TEXT:
        raise c.error(f"answer too long ({len(c.value):,} characters; at most {MAX_TEXT:,})")
    return str(c.value)


def _flag(c: Cursor, key: str) -> bool:
    if not c.has(key):
        return False
    v = c.get(key)
    if not isinstance(v.value, bool):
        raise v.error(f"expected true or false, got {v.value!r}")
    return bool(v.value)


def _item(c: Cursor) -> Item:
    c.mapping()
    c.check_keys({"question", "probe", "process", "text", "skipped", "not_applicable", "add"})
    keys = [k for k in ("question", "probe", "process") if c.has(k)]
    if len(keys) != 1:
        raise c.error("an answer names exactly one of: question, probe, process")
    key = keys[0]
    prompt = c.get(key).str()
    skipped, na, add = _flag(c, "skipped"), _flag(c, "not_applicable"), _flag(c, "add")
    if key == "process":
        if not na:
            raise c.error(
                "a process item marks a whole process: {process: ID, not_applicable: true}"
            )
        return Item("process_not_applicable", prompt)
    if skipped or na:
        if c.has("text"):
            raise c.get("text").error("a skipped or not-applicable answer has no text")
        if key == "probe":
            if na:
                raise c.error("a probe can be skipped, not marked not applicable")
            return Item("probe_skipped", prompt)
        return Item("skipped" if skipped else "not_applicable", prompt)
    text = _text(c.get("text"))
    if key == "probe":
        return Item("probe", prompt, text)
    return Item("add" if add else "answer", prompt, text)


def _review(c: Cursor) -> Review:
    c.check_keys({"process", "criterion", "rating", "reviewer", "reason", "action"})
    crit = c.get("criterion")
    if crit.value not in CRITERIA:
        raise crit.error(
            f"unknown criterion {crit.value!r} (expected one of: {', '.join(CRITERIA)})"
        )
    rating = c.get("rating")
    if rating.value not in {r.value for r in Rating}:
        raise rating.error(f"unknown rating {rating.value!r}")
    reason = c.get("reason")
    if not isinstance(reason.value, str) or not reason.value.strip():
        raise reason.error("an override needs a reason")
    reviewer = c.get("reviewer")
    if not isinstance(reviewer.value, str) or not reviewer.value.strip():
        raise reviewer.error("an override needs the reviewer's name")
    return Review(
        c.get("process").str(),
        str(crit.value),
        str(rating.value),
        str(reviewer.value),
        str(reason.value),
    )


def _expected(c: Cursor, pid: str) -> Mapping[str, Any]:
    c.check_keys({*CRITERIA, "level", "why"})
    out: dict[str, Any] = {}
    for k in CRITERIA:
        if c.has(k):
            v = c.get(k)
            if v.value not in {*(r.value for r in Rating), UNASSESSED}:
                raise v.error(f"unknown rating {v.value!r}")
            out[k] = str(v.value)
    if c.has("level"):
        lv = c.get("level")
        if isinstance(lv.value, bool) or not isinstance(lv.value, int):
            raise lv.error(f"expected a whole-number level, got {lv.value!r}")
        out["level"] = int(lv.value)
    return out


def check_against(rec: Recording, bank: Bank) -> Recording:
    """Validate ids against the bank; name the item and field of the first problem."""
    where = rec.file or rec.source

    def at(path: str) -> int | None:
        return rec.lines.get(path, rec.line)

    if rec.bank != bank.id:
        raise SourceError(
            where, at("bank"), "bank", f"recording is for bank '{rec.bank}', not '{bank.id}'"
        )
    covered: list[str] = []

    def note(pid: str) -> None:
        if pid not in covered:
            covered.append(pid)

    is_csv = where.lower().endswith(".csv")
    for n, item in enumerate(rec.items):
        field_ = "column" if is_csv else f"answers[{n}]"
        line = item.line or rec.line
        if item.kind == "process_not_applicable":
            if item.prompt not in bank.process_ids:
                raise SourceError(
                    where,
                    line,
                    f"{field_} process" if is_csv else f"{field_}.process",
                    f"unknown process '{item.prompt}'",
                )
            note(item.prompt)
        elif item.kind in ("probe", "probe_skipped"):
            pid, _, crit = item.prompt.partition(".")
            if pid not in bank.process_ids or crit not in CRITERIA:
                raise SourceError(
                    where,
                    line,
                    f"{field_} probe" if is_csv else f"{field_}.probe",
                    f"unknown probe '{item.prompt}' (expected <process>.<criterion>)",
                )
            note(pid)
        else:
            try:
                q = bank.question(item.prompt)
            except KeyError:
                raise SourceError(
                    where,
                    line,
                    f"{field_} question" if is_csv else f"{field_}.question",
                    f"unknown question '{item.prompt}'",
                ) from None
            note(q.process)
    for n, r in enumerate(rec.reviews):
        if r.process not in bank.process_ids:
            raise SourceError(
                where,
                at(f"reviews[{n}]"),
                f"reviews[{n}].process",
                f"unknown process '{r.process}'",
            )
        if r.process not in covered:
            raise SourceError(
                where,
                at(f"reviews[{n}]"),
                f"reviews[{n}].process",
                f"process '{r.process}' has no answers in this recording",
            )
    levels = {lv.level for lv in bank.model.levels}
    for pid, exp in rec.expected.items():
        if pid not in bank.process_ids:
            raise SourceError(
                where, at(f"expected.{pid}"), f"expected.{pid}", f"unknown process '{pid}'"
            )
        if pid not in covered:
            raise SourceError(
                where,
                at(f"expected.{pid}"),
                f"expected.{pid}",
                f"process '{pid}' has no answers in this recording",
            )
        if "level" in exp:
            path = f"expected.{pid}.level"
            if exp["level"] not in levels:
                raise SourceError(
                    where,
                    at(path),
                    path,
                    f"level {exp['level']} is not a level of the maturity model ({min(levels)}-{max(levels)})",
                )
            if all(c in exp for c in CRITERIA):
                ruled = level_for({c: exp[c] for c in CRITERIA}, bank.model).level
                if ruled != exp["level"]:
                    raise SourceError(
                        where,
                        at(path),
                        path,
                        f"level {exp['level']}, but the four ratings give level {ruled} by the level rule",
                    )
    order = [p for p in bank.process_ids if p in covered]
    return replace(rec, processes=tuple(order))
