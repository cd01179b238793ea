"""Fuzzing the recording loader and the classifier (hypothesis): arbitrary unicode, huge answers,
missing and extra fields, wrong types, broken bytes. Never a crash or a traceback, always a
located message; what was valid is stored byte-exact."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewbot import store
from interviewbot.core.classify import classify
from interviewbot.core.yamlsrc import SourceError
from interviewbot.recording import MAX_TEXT, Recording, check_against, load_file
from interviewbot.replay import replay_one

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

QUESTIONS = ["slm.1", "slm.2", "capacity.1", "change.3", "csi.2", "problem.1"]
PROBES = ["slm.responsibility", "incident.plans_procedures"]

# any text a person could type or paste; no lone surrogates (they are not text)
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=200)
huge_texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).map(
    lambda s: (s * (MAX_TEXT // len(s)))[:MAX_TEXT]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
answers = st.one_of(
    st.builds(lambda q, t: {"question": q, "text": t}, st.sampled_from(QUESTIONS), texts),
    st.builds(lambda p, t: {"probe": p, "text": t}, st.sampled_from(PROBES), texts),
    st.builds(lambda q: {"question": q, "skipped": True}, st.sampled_from(QUESTIONS)),
)
valid_docs = st.builds(
    lambda who, ans: {
        "format": "interviewbot/recording@1",
        "bank": "itil-crm",
        "respondent": who,
        "answers": ans,
    },
    st.fixed_dictionaries(
        {},
        optional={
            "name": st.text(min_size=1, max_size=30).filter(str.strip),
            "role": st.text(min_size=1, max_size=30).filter(str.strip),
        },
    ),
    st.lists(answers, min_size=1, max_size=4),
)


@st.composite
def mutated_docs(draw):
    """A valid recording with one thing wrong: a field dropped, added or given a wrong type."""
    doc = draw(valid_docs)
    kind = draw(
        st.sampled_from(["drop", "extra", "type", "answer-drop", "answer-extra", "answer-type"])
    )
    target = doc if not kind.startswith("answer") else draw(st.sampled_from(doc["answers"]))
    key = draw(st.sampled_from(sorted(target)))
    if kind.endswith("drop"):
        del target[key]
    elif kind.endswith("extra"):
        target[draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in target))] = draw(
            json_values
        )
    else:
        target[key] = draw(json_values.filter(lambda v: not isinstance(v, type(target[key]))))
    return doc


def write(doc, suffix: str, folder: Path) -> Path:
    f = folder / f"r{suffix}"
    if suffix == ".jsonl":
        f.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    elif suffix == ".yaml":  # JSON is YAML; escaped so YAML's own line breaks cannot interfere
        f.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    else:
        f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return f


def loaded(f: Path) -> list[Recording | SourceError]:
    out = load_file(f)  # must not raise
    assert out and all(isinstance(r, Recording | SourceError) for r in out)
    for r in out:
        if isinstance(r, SourceError):
            assert str(r).startswith(str(f)) and r.message and "Traceback" not in str(r)
    return out


def stored_texts(bank, rec: Recording) -> list[str]:
    db = store.open_db(":memory:")
    try:
        s = replay_one(db, bank, check_against(rec, bank))
        from_events = [
            json.loads(r[0])["text"]
            for r in db.execute(
                "select payload from events where interview_id = ? and type in ('answered', "
                "'probe_answered', 'amended') order by seq",
                [s.interview_id],
            )
        ]
        from_answers = [
            r[0]
            for r in db.execute(
                "select text from answers where interview_id = ? order by seq", [s.interview_id]
            )
        ]
        assert from_answers == from_events  # the read model and the log agree
        return from_events
    finally:
        db.close()


def answered(doc) -> list[str]:
    return [a["text"] for a in doc["answers"] if "text" in a]


@FAST
@given(doc=valid_docs, suffix=st.sampled_from([".json", ".jsonl"]))
def test_valid_recordings_are_stored_byte_exact(bank, doc, suffix):
    with tempfile.TemporaryDirectory() as d:
        (rec,) = loaded(write(doc, suffix, Path(d)))
        assert isinstance(rec, Recording), rec
        got = stored_texts(bank, rec)
    # every answer's words are stored (a second answer to a question amends it; both are kept)
    assert sorted(got) == sorted(answered(doc))


@FAST
@given(doc=valid_docs)
def test_yaml_recordings_load_without_a_crash(bank, doc):
    with tempfile.TemporaryDirectory() as d:
        for r in loaded(write(doc, ".yaml", Path(d))):
            if isinstance(r, Recording):
                assert len(stored_texts(bank, r)) == len(answered(doc))


@FAST
@given(doc=mutated_docs(), suffix=st.sampled_from([".json", ".jsonl", ".yaml"]))
def test_broken_recordings_get_a_located_message(bank, doc, suffix):
    with tempfile.TemporaryDirectory() as d:
        for r in loaded(write(doc, suffix, Path(d))):
            if isinstance(r, Recording):  # some mutations are harmless (e.g. respondent.role)
                try:
                    stored_texts(bank, r)
                except SourceError as e:
                    assert str(e).startswith(str(Path(d)))


@FAST
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".json", ".jsonl", ".yaml", ".csv"]))
def test_arbitrary_bytes_never_crash_the_loader(data, suffix):
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / f"x{suffix}"
        f.write_bytes(data)
        loaded(f)


@FAST
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["a", "b", "ü"]), st.sampled_from(QUESTIONS), texts),
        min_size=1,
        max_size=5,
    )
)
def test_csv_answers_are_stored_byte_exact(bank, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["interview", "question", "text"])
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "s.csv"
        f.write_text(buf.getvalue(), encoding="utf-8", newline="")
        recs = loaded(f)
        for rec in recs:
            assert isinstance(rec, Recording), rec
            key = rec.source.rsplit("(interview ", 1)[1][:-1]
            want = [t for k, _, t in rows if k == key and t.strip()]
            assert sorted(stored_texts(bank, rec)) == sorted(want)


@FAST
@given(cells=st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=5))
def test_arbitrary_csv_cells_never_crash(cells):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(cells)
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "c.csv"
        f.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass", newline="")
        loaded(f)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=400),
    where=st.sampled_from(
        [(None, None), ("slm", None), ("incident", "incident.2"), ("csi", "csi.3")]
    ),
)
def test_the_classifier_reads_any_text(bank, text, where):
    pid, qid = where
    q = bank.question(qid) if qid else None
    for e in classify(bank, text, pid, q):
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.polarity in ("positive", "negative") and 0 <= e.strength <= 1


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=huge_texts)
def test_huge_answers_are_stored_byte_exact(bank, text):
    doc = {
        "format": "interviewbot/recording@1",
        "bank": "itil-crm",
        "respondent": {},
        "answers": [{"question": "slm.1", "text": text}],
    }
    with tempfile.TemporaryDirectory() as d:
        (rec,) = loaded(write(doc, ".jsonl", Path(d)))
        assert stored_texts(bank, rec) == [text]


@pytest.mark.parametrize("value", [None, 42, 3.5, b"bytes", ["a list"], {"a": "map"}])
def test_the_classifier_names_a_wrong_type(bank, value):
    with pytest.raises(TypeError, match="an answer is a text"):
        classify(bank, value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, message",
    [
        ("\ud800", "invalid character U+D800 (a lone surrogate)"),
        ("x" * (MAX_TEXT + 1), "answer too long"),
    ],
)
def test_texts_that_cannot_be_stored_are_refused_with_their_field(tmp_path, text, message):
    doc = {
        "format": "interviewbot/recording@1",
        "bank": "itil-crm",
        "respondent": {},
        "answers": [{"question": "slm.1", "text": text}],
    }
    f = tmp_path / "r.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    (err,) = load_file(f)
    assert isinstance(err, SourceError) and err.field == "answers[0].text"
    assert message in err.message


@FAST
@given(doc=valid_docs)
def test_the_fast_answer_reader_agrees_with_the_careful_one(doc):
    """Plain {question, text} items are read directly; the Cursor reader must agree."""
    from dataclasses import replace

    from interviewbot.core.yamlsrc import Cursor
    from interviewbot.recording import _item, parse

    rec = parse(Cursor("x.json", doc, "", 3), "x.json")
    slow = [
        replace(_item(c), line=c.line) for c in Cursor("x.json", doc, "", 3).get("answers").seq()
    ]
    assert list(rec.items) == slow
