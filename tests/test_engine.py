"""The interview engine: states, guards, probes, back/amend, pause, resume from events."""

from __future__ import annotations

import pytest

from interviewbot.engine import EngineError, Interview, diagram


def test_walks_questions_then_probes_then_confirms(bank):
    iv = Interview(bank, ["capacity", "itscm"])
    iv.start()
    assert (iv.state, iv.prompt.id) == ("asking", "capacity.1")
    iv.answer("Utilisation is monitored and reported monthly to the capacity manager.")
    assert iv.prompt.id == "capacity.2"
    iv.answer("Yes, the capacity plan is documented.")
    # every criterion spoke: no probe, straight to "here is what I understood"
    assert iv.state == "confirming" and iv.prompt.kind == "confirm"
    iv.confirm()
    assert (iv.state, iv.prompt.id) == ("asking", "itscm.1")


def test_unassessed_criteria_get_probes_bounded_per_process(bank):
    iv = Interview(bank, ["capacity"], max_probes=2)
    iv.start()
    iv.skip()
    iv.skip()
    assert iv.state == "probing"
    assert iv.prompt.id == "capacity.awareness_communication"
    iv.answer("Nothing relevant here.")
    assert iv.prompt.id == "capacity.responsibility"
    iv.skip()
    assert iv.state == "confirming"  # bound reached, two more criteria stay unassessed


def test_not_applicable_and_process_not_applicable(bank):
    iv = Interview(bank, ["slm", "capacity"])
    iv.start()
    iv.not_applicable()
    assert iv.transcript.outcome["slm.1"] == "not_applicable"
    iv.process_not_applicable()
    assert iv.current_process == "capacity" and iv.prompt.id == "capacity.1"


def test_back_amends_and_keeps_the_old_answer(bank):
    iv = Interview(bank, ["capacity"])
    iv.start()
    first = iv.answer("We don't monitor anything.")
    iv.back()
    assert iv.prompt.id == "capacity.1"
    iv.answer("We monitor utilisation daily.")
    assert iv.prompt.id == "capacity.2"  # continues at the first open question
    assert [p.text for p in iv.transcript.pieces["capacity.1"]] == ["We monitor utilisation daily."]
    assert first.seq < iv.seq


def test_wrong_actions_are_refused_without_writing(bank):
    written = []
    iv = Interview(bank, ["slm"], lambda t, p: written.append(t) or _ev(len(written), t, p))
    iv.start()
    with pytest.raises(EngineError):
        iv.confirm()
    assert written == ["started"]


def _ev(seq, t, p):
    from interviewbot.core.assess import Event

    return Event(seq, t, p)


def test_pause_and_resume_from_stored_events(bank):
    log = []
    iv = Interview(bank, ["slm"], lambda t, p: log.append(_ev(len(log) + 1, t, p)) or log[-1])
    iv.start()
    iv.answer("The SLA is our main document.")
    iv.pause()
    again = Interview.resume_from(bank, log)
    assert again.state == "paused"
    again.sink = lambda t, p: log.append(_ev(len(log) + 1, t, p)) or log[-1]
    again.resume()
    assert again.prompt.id == "slm.2"


def test_unknown_process_is_refused_before_anything_is_written(bank):
    with pytest.raises(KeyError):
        Interview(bank, ["nope"])


def test_diagram_is_drawn_from_the_machine():
    d = diagram()
    assert d.splitlines()[3] == "stateDiagram-v2"
    assert "asking --> probing: answered [has_probe]" in d
    assert "paused --> asking: resumed [has_question]" in d
