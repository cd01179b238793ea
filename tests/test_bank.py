"""Bank validation: every broken file names file, line and field; the CLI exits 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewbot.cli import cli
from interviewbot.core.bank import load_bank
from interviewbot.core.yamlsrc import SourceError

SRC = Path(__file__).resolve().parents[1] / "question_bank" / "itil-crm"


def test_the_bank_has_the_papers_questionnaire(bank):
    assert bank.process_ids == (
        "slm",
        "capacity",
        "itscm",
        "change",
        "configuration",
        "service_desk",
        "incident",
        "problem",
        "csi",
    )
    assert [len(p.questions) for p in bank.processes] == [5, 2, 2, 3, 2, 3, 3, 3, 3]
    assert bank.question("slm.4").text.startswith("Are there any OLA")


@pytest.fixture
def broken(tmp_path):
    dst = tmp_path / "bank"
    shutil.copytree(SRC, dst)

    def edit(name: str, old: str, new: str) -> Path:
        p = dst / name
        text = p.read_text()
        assert old in text
        p.write_text(text.replace(old, new, 1))
        return p

    return dst, edit


@pytest.mark.parametrize(
    "name,old,new,field,message",
    [
        (
            "bank.yaml",
            "decision_level: tactical",
            "decision_level: tactic",
            "processes[0].decision_level",
            "unknown decision level",
        ),
        (
            "bank.yaml",
            "probes: [plans_procedures]",
            "probes: [plans]",
            "processes[0].questions[0].probes[0]",
            "unknown criterion",
        ),
        (
            "maturity.yaml",
            "{rating: partially, label: Partially satisfied, upto: 50}",
            "{rating: partialy, label: Partially satisfied, upto: 50}",
            "scale[1].rating",
            "unknown rating",
        ),
        ("lexicon.yaml", "strength: 0.6", "strength: 6", "strength", "expected a number"),
        ("maturity.yaml", "- level: 3", "- level: 7", "levels[3].level", "expected 3"),
        (
            "lexicon.yaml",
            "    conjunction_only: [yet]",
            "    conjunction_onl: [yet]",
            "context.words.conjunction_onl",
            "unknown field",
        ),
    ],
)
def test_errors_name_file_line_and_field(broken, name, old, new, field, message):
    dst, edit = broken
    path = edit(name, old, new)
    with pytest.raises(SourceError) as e:
        load_bank(dst)
    err = e.value
    assert err.file == str(path) and field in (err.field or "") and message in err.message
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if new in t)
    assert err.line == line


def test_yaml_syntax_error_names_the_line(broken):
    dst, edit = broken
    edit("bank.yaml", "  - id: capacity", "  - id: [capacity")
    with pytest.raises(SourceError, match=r"bank.yaml:\d+: not valid YAML"):
        load_bank(dst)


def test_bank_check_cli(broken):
    r = CliRunner().invoke(cli, ["bank", "check"])
    assert r.exit_code == 0 and "9 processes, 26 questions" in r.output
    dst, edit = broken
    edit("bank.yaml", "decision_level: tactical", "decision_level: tactic")
    r = CliRunner().invoke(cli, ["bank", "check", str(dst)])
    assert r.exit_code == 2 and "processes[0].decision_level" in r.output


def test_a_level_may_not_ask_less_than_the_one_below(broken):
    dst, edit = broken
    # level 2 asking all four satisfied, more than level 3 does
    edit(
        "maturity.yaml",
        "    minimum: {awareness_communication: satisfied, responsibility: partially,\n"
        "              plans_procedures: partially, measurement_improvement: partially}",
        "    minimum: {awareness_communication: satisfied, responsibility: satisfied,\n"
        "              plans_procedures: satisfied, measurement_improvement: satisfied}",
    )
    with pytest.raises(SourceError, match="level 3 asks less of measurement_improvement"):
        load_bank(dst)
