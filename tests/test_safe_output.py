"""Escape sequences and other control characters in what people typed are shown, never obeyed,
in every text a command prints or writes (the stored words stay byte-exact)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from interviewbot import store
from interviewbot.cli import cli
from interviewbot.safe_text import visible

EVIL = "Clear\x1b[2J\x1b[31m screen\x07 \u202eevil\x9b; we have an SLA."
REC = {
    "format": "interviewbot/recording@1",
    "bank": "itil-crm",
    "respondent": {"name": "Eve\x1b[31m", "organisation": "Org\x1b]0;title\x07"},
    "answers": [{"question": "slm.1", "text": EVIL}],
}


def test_visible_is_one_for_one():
    assert (
        visible(EVIL) == "Clear\u241b[2J\u241b[31m screen\u2407 \ufffdevil\ufffd; we have an SLA."
    )
    assert len(visible(EVIL)) == len(EVIL)
    assert visible("tab\tand\nline") == "tab\tand\nline"


def test_no_command_prints_a_control_character(tmp_path):
    rec = tmp_path / "evil.json"
    rec.write_text(json.dumps(REC))
    db = str(tmp_path / "e.db")
    run = CliRunner().invoke
    outputs = {}
    r = run(cli, ["replay", str(rec), "--db", db])
    assert r.exit_code == 0, r.output
    outputs["replay"] = r.stdout
    iid = store.interviews(store.open_db(db))[0]["id"]
    outputs["replay md"] = run(
        cli, ["replay", str(rec), "--db", db, "--format", "md", "--again"]
    ).stdout
    outputs["list"] = run(cli, ["list", "--db", db]).output
    outputs["show"] = run(cli, ["show", iid, "--db", db]).output
    outputs["explain"] = run(cli, ["explain", EVIL, "--process", "slm"]).output
    for fmt in ("md", "html"):
        out = tmp_path / f"r.{fmt}"
        assert run(cli, ["report", iid, "--db", db, "--format", fmt, "-o", str(out)]).exit_code == 0
        outputs[f"report {fmt}"] = out.read_text()
    for name, text in outputs.items():
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text, name
        assert "\u241b" in text, name
    # the words themselves are stored exactly as typed
    (ans,) = [e for e in store.events(store.open_db(db), iid) if e.type == "answered"]
    assert ans.payload["text"] == EVIL


def test_show_refuses_a_process_the_interview_does_not_cover(tmp_path):
    rec = tmp_path / "r.json"
    rec.write_text(json.dumps(REC))
    db = str(tmp_path / "e.db")
    CliRunner().invoke(cli, ["replay", str(rec), "--db", db])
    iid = store.interviews(store.open_db(db))[0]["id"]
    r = CliRunner().invoke(cli, ["show", iid, "--db", db, "--process", "nope"])
    assert r.exit_code == 2 and "process 'nope' is not part of" in r.output
