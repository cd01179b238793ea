"""Recordings (`interviewbot/recording@1`): load, validate against a bank, and name every
problem by file, line or record, and field.

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

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .core.model import CRITERIA, UNASSESSED, Bank, Rating
from .core.yamlsrc import Cursor, SourceError, parse_yaml

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

    def answer_for(self, prompt: str) -> list[Item]:
        return [i for i in self.items if i.prompt == prompt]


def load_file(path: Path) -> list[Recording | SourceError]:
    """All recordings in a file (JSON Lines may hold many); bad ones come back as errors."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return [SourceError(name, None, None, f"not UTF-8 text ({e.reason} at byte {e.start})")]
    except OSError as e:
        return [SourceError(name, None, None, f"cannot read: {e.strerror or e}")]
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        out: list[Recording | SourceError] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as e:
                out.append(SourceError(name, n, None, f"not valid JSON: {e.msg} (column {e.colno})"))
                continue
            out.append(_safe(lambda d=data, n=n: parse(Cursor(name, d, "", n), f"{name}:{n}")))
        if not out:
            out.append(SourceError(name, None, None, "no recordings in the file"))
        return out
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            return [SourceError(name, e.lineno, None, f"not valid JSON: {e.msg}")]
        return [_safe(lambda: parse(Cursor(name, data, "", None), name))]
    return [_safe(lambda: parse(Cursor(name, parse_yaml(text, name), "", 1), name))]


def _safe(f) -> Recording | SourceError:
    try:
        return f()
    except SourceError as e:
        return e


def parse(doc: Cursor, source: str) -> Recording:
    if not isinstance(doc.value, dict):
        raise doc.error("a recording is a mapping with format, bank, respondent and answers")
    doc.check_keys({"format", "bank", "respondent", "answers", "reviews", "expected"})
    fmt = doc.get("format")
    if fmt.value != FORMAT:
        raise fmt.error(f"expected '{FORMAT}', got {fmt.value!r}")
    bank = doc.get("bank").str()
    rc = doc.get("respondent").mapping()
    rc.check_keys({"name", "role", "organisation"})
    respondent = {k: rc.get(k).str() for k in ("name", "role", "organisation") if rc.has(k)
                  and rc.get(k).value is not None}
    items = []
    for ic in doc.get("answers").seq():
        items.append(replace(_item(ic), line=ic.line))
    if not items:
        raise doc.get("answers").error("a recording needs at least one answer")
    reviews = tuple(_review(c) for c in doc.get("reviews", []).seq())
    expected = {k: _expected(v, k) for k, v in doc.get("expected", {}).items()}
    plain = json.loads(json.dumps(_plain(doc.value), ensure_ascii=False))
    digest = hashlib.sha256(
        json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        .encode("utf-8", "surrogatepass")
    ).hexdigest()
    return Recording(source, bank, respondent, tuple(items), reviews, expected, digest)


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _text(c: Cursor) -> str:
    if not isinstance(c.value, str):
        raise c.error(f"expected a text, got {type(c.value).__name__} {c.value!r:.40}")
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
            raise c.error("a process item marks a whole process: {process: ID, not_applicable: true}")
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
        raise crit.error(f"unknown criterion {crit.value!r} (expected one of: {', '.join(CRITERIA)})")
    rating = c.get("rating")
    if rating.value not in {r.value for r in Rating}:
        raise rating.error(f"unknown rating {rating.value!r}")
    reason = c.get("reason")
    if not isinstance(reason.value, str) or not reason.value.strip():
        raise reason.error("an override needs a reason")
    reviewer = c.get("reviewer")
    if not isinstance(reviewer.value, str) or not reviewer.value.strip():
        raise reviewer.error("an override needs the reviewer's name")
    return Review(c.get("process").str(), str(crit.value), str(rating.value),
                  str(reviewer.value), str(reason.value))


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
        if isinstance(lv.value, bool) or not isinstance(lv.value, int) or not 0 <= lv.value <= 9:
            raise lv.error(f"expected a level 0-9, got {lv.value!r}")
        out["level"] = int(lv.value)
    return out


def check_against(rec: Recording, bank: Bank) -> Recording:
    """Validate ids against the bank; name the item and field of the first problem."""
    where = rec.source
    if rec.bank != bank.id:
        raise SourceError(where, None, "bank", f"recording is for bank '{rec.bank}', not '{bank.id}'")
    covered: list[str] = []

    def note(pid: str) -> None:
        if pid not in covered:
            covered.append(pid)

    for n, item in enumerate(rec.items):
        field_ = f"answers[{n}]"
        line = item.line if ":" not in where else None
        if item.kind == "process_not_applicable":
            if item.prompt not in bank.process_ids:
                raise SourceError(where, line, f"{field_}.process", f"unknown process '{item.prompt}'")
            note(item.prompt)
        elif item.kind in ("probe", "probe_skipped"):
            pid, _, crit = item.prompt.partition(".")
            if pid not in bank.process_ids or crit not in CRITERIA:
                raise SourceError(where, line, f"{field_}.probe",
                                  f"unknown probe '{item.prompt}' (expected <process>.<criterion>)")
            note(pid)
        else:
            try:
                q = bank.question(item.prompt)
            except KeyError:
                raise SourceError(where, line, f"{field_}.question",
                                  f"unknown question '{item.prompt}'") from None
            note(q.process)
    for n, r in enumerate(rec.reviews):
        if r.process not in bank.process_ids:
            raise SourceError(where, None, f"reviews[{n}].process", f"unknown process '{r.process}'")
        if r.process not in covered:
            raise SourceError(where, None, f"reviews[{n}].process",
                              f"process '{r.process}' has no answers in this recording")
    for pid in rec.expected:
        if pid not in bank.process_ids:
            raise SourceError(where, None, f"expected.{pid}", f"unknown process '{pid}'")
    order = [p for p in bank.process_ids if p in covered]
    return Recording(rec.source, rec.bank, rec.respondent, rec.items, rec.reviews, rec.expected,
                     rec.content_hash, tuple(order))
