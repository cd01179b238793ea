"""Follow-up probes: asked for unassessed criteria, recorded, and replayed exactly."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from interviewbot.cli import cli
from interviewbot.core.assess import assess, fold
from interviewbot.recording import check_against, load_file
from interviewbot.replay import MemorySink, drive

REC = """\
format: interviewbot/recording@1
bank: itil-crm
respondent: {name: P. Robe}
answers:
  - {question: capacity.1, text: "We keep an eye on disk space."}
  - {question: capacity.2, text: "Not really."}
  - {probe: capacity.responsibility, text: "The storage team lead is responsible for capacity."}
  - {probe: capacity.measurement_improvement, skipped: true}
"""


def test_probe_answers_replay_exactly(bank, tmp_path):
    p = tmp_path / "probe.yaml"
    p.write_text(REC)
    (rec,) = load_file(p)
    sink = MemorySink()
    drive(bank, check_against(rec, bank), sink)
    kinds = [(e.type, e.payload.get("prompt")) for e in sink.events]
    assert ("probe_answered", "capacity.responsibility") in kinds
    assert ("probe_skipped", "capacity.measurement_improvement") in kinds
    a = assess(bank, fold(sink.events))
    resp = a.processes["capacity"].criteria["responsibility"]
    assert resp.rating != "unassessed"
    assert {e.source for e in resp.evidence} == {"capacity.responsibility"}
    # the same recording again gives the same events, in the same order
    sink2 = MemorySink()
    drive(bank, check_against(rec, bank), sink2)
    assert [(e.type, e.payload) for e in sink2.events] == [(e.type, e.payload) for e in sink.events]


def test_probe_words_show_up_in_the_json(bank, tmp_path):
    p = tmp_path / "probe.yaml"
    p.write_text(REC)
    r = CliRunner().invoke(
        cli, ["replay", str(p), "--db", str(tmp_path / "x.db"), "--format", "json"]
    )
    (iv,) = json.loads(r.stdout)["interviews"]
    ev = iv["processes"]["capacity"]["criteria"]["responsibility"]["evidence"]
    assert {e["source"] for e in ev} == {"capacity.responsibility"}


def test_explain_prints_evidence_and_ratings():
    r = CliRunner().invoke(
        cli, ["explain", "Unfortunately, there is no OLA.", "--question", "slm.4"]
    )
    assert r.exit_code == 0
    assert "OLA" in r.output and "there is no" in r.output and "not_satisfied" in r.output
    r = CliRunner().invoke(cli, ["explain", "x", "--question", "slm.99"])
    assert r.exit_code == 2 and "--question 'slm.99': no such question" in r.output


def test_explain_lists_the_awareness_its_ratings_count():
    r = CliRunner().invoke(cli, ["explain", "We have an SLA.", "--question", "slm.1"])
    assert r.exit_code == 0
    assert "implied-awareness" in r.output and "process: Service Level Management" in r.output
    r = CliRunner().invoke(
        cli, ["explain", "We have an SLA.", "--question", "slm.1", "--format", "json"]
    )
    doc = json.loads(r.output)
    rules = [e["rule"] for e in doc["evidence"] if e["criterion"] == "awareness_communication"]
    assert rules == ["implied-awareness"] and doc["criteria"]["awareness_communication"]["percent"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--question", "slm.1", "--process", "capacity"], "belongs to slm, not to --process"),
        (["--process", "nope"], "--process 'nope': no such process"),
    ],
)
def test_explain_names_the_option_that_cannot_be_used(args, message):
    r = CliRunner().invoke(cli, ["explain", "x", *args])
    assert r.exit_code == 2 and message in r.output


def test_explain_reads_a_long_answer_from_standard_input_within_the_answer_limit():
    r = CliRunner().invoke(cli, ["explain", "-", "--process", "configuration"], input="A CMDB.\n")
    assert r.exit_code == 0 and "CMDB" in r.output
    r = CliRunner().invoke(cli, ["explain", "-"], input="a " * 60_000)
    assert r.exit_code == 2 and "at most 100,000" in r.output
