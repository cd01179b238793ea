"""The `interviewbot` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__, report, store
from .cli_common import BANK_OPTION, DB_OPTION, fail, get_bank, out_console
from .core.assess import assess, fold


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="interviewbot")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """ITIL process-maturity interviews: ask, rate against keyword rubrics, explain, report.

    With no command, starts an interview in the terminal (`interviewbot interview`)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(interview_cmd)


# --- bank ------------------------------------------------------------------------------------


@cli.group("bank")
def bank_group() -> None:
    """Question banks."""


@bank_group.command("check")
@click.argument("path", required=False)
def bank_check(path: str | None) -> None:
    """Validate a bank (id, folder or bank.yaml) and print a summary."""
    bank = get_bank(path)
    click.echo(f"bank {bank.id} {bank.version}: {bank.title}")
    click.echo(f"  from {bank.path}  (hash {bank.hash[:12]})")
    click.echo(
        f"  {len(bank.processes)} processes, "
        f"{sum(len(p.questions) for p in bank.processes)} questions"
    )
    for p in bank.processes:
        click.echo(f"    {p.id:<14} {len(p.questions)} questions  {p.decision_level:<11} {p.name}")
    click.echo("  lexicon " + bank.lexicon.version + ": phrases per criterion")
    for crit, label in bank.lexicon.labels.items():
        fams = [f for f in bank.lexicon.families if f.criterion == crit]
        n = sum(len(f.phrases) for f in fams)
        click.echo(f"    {label:<28} {n:>4} phrases in {len(fams)} families")
    ctx = bank.lexicon.context
    click.echo(
        f"  context: {len(ctx.negation_pre)} pre-negation, {len(ctx.negation_post)} "
        f"post-negation, {len(ctx.pseudo_negation)} pseudo-negation, {len(ctx.terminators)} "
        f"terminators, {len(ctx.hedges)} hedges, {len(ctx.future)} future, {len(ctx.past)} "
        f"past triggers"
    )
    m = bank.model
    click.echo(
        f"  maturity model {m.id}: levels "
        + ", ".join(f"{lv.level} {lv.name}" for lv in m.levels)
        + f"; aggregate {m.aggregate}"
    )
    click.echo("OK")


@cli.command("diagram")
def diagram_cmd() -> None:
    """Print the interview state machine as a Mermaid state diagram."""
    from .engine import diagram

    click.echo(diagram())


# --- replay ----------------------------------------------------------------------------------


@cli.command("replay")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@BANK_OPTION
@click.option(
    "--no-reviews", is_flag=True, help="Ignore the recordings' reviews: the rubric's own view."
)
@click.option(
    "--again", is_flag=True, help="Store recordings even if the same one is already stored."
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Worker processes that parse, classify and drive (0: one per core).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md", "summary"]),
    default="table",
    show_default=True,
    help="Per-interview output (summary: none).",
)
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="A progress bar on a terminal, plain progress lines otherwise (on stderr).",
)
def replay_cmd(
    paths: tuple[str, ...],
    db_path: str,
    bank_spec: str | None,
    no_reviews: bool,
    again: bool,
    jobs: int,
    fmt: str,
    progress: bool,
) -> None:
    """Replay recordings (files or folders of YAML, JSON, JSON Lines and CSV) through the
    interview engine and store them; a recording already stored is not stored again.

    Exit codes: 0 all good, 1 some records failed, 2 nothing could run, 130 interrupted
    (what is stored is whole: run it again to finish)."""
    from .batch import run_replay

    bank = get_bank(bank_spec)
    code = run_replay(
        paths,
        db_path,
        bank,
        reviews=not no_reviews,
        again=again,
        fmt=fmt,
        jobs=jobs,
        progress=progress,
    )
    sys.exit(code)


def print_interviews(bank, db, ids: list[str], fmt: str, reviews: bool = True) -> None:
    docs = []
    c = out_console()
    for iid in ids:
        meta = store.interview(db, iid) or {"id": iid}
        a = assess(bank, fold(store.events(db, iid)), reviews=reviews)
        if fmt == "json":
            docs.append(report.interview_json(bank, meta, a))
        elif fmt == "md":
            click.echo(report.markdown(bank, meta, a))
        else:
            report.table(bank, meta, a, c)
    if fmt == "json":
        click.echo(json.dumps({"interviews": docs}, ensure_ascii=False, indent=2))


# --- verify, explain ---------------------------------------------------------------------------


@cli.command("verify")
@DB_OPTION
def verify_cmd(db_path: str) -> None:
    """Re-check every interview's hash chain; name the first broken event."""
    if not Path(db_path).exists():
        fail(f"no database at {db_path}")
    db = store.open_db(db_path)
    n_iv, n_ev, breaks = store.verify(db)
    for b in breaks:
        click.echo(f"BROKEN {b}")
    if breaks:
        click.echo(f"{len(breaks)} of {n_iv} interviews fail verification ({n_ev} events read)")
        sys.exit(1)
    click.echo(f"OK: {n_iv} interviews, {n_ev} events, every chain verifies")


@cli.command("explain")
@click.argument("text")
@click.option(
    "--question", "qid", default=None, help="Read the answer against this question (e.g. slm.4)."
)
@click.option(
    "--process",
    "pid",
    default=None,
    help="Read the answer in this process (default: the question's).",
)
@BANK_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def explain_cmd(
    text: str, qid: str | None, pid: str | None, bank_spec: str | None, fmt: str
) -> None:
    """Show the evidence the rubric reads in one answer, and the ratings it leads to.

    TEXT is the answer; `-` reads it from standard input (for long answers: a command line holds
    about 128 KB). Answers are limited to 100,000 characters, as in recordings."""
    from .explain import ExplainError, explain
    from .recording import MAX_TEXT

    if text == "-":
        text = sys.stdin.read().removesuffix("\n")
    if len(text) > MAX_TEXT:
        fail(f"TEXT: {len(text):,} characters; an answer holds at most {MAX_TEXT:,}")
    bank = get_bank(bank_spec)
    try:
        explain(bank, text, qid or None, pid or None, fmt, out_console())
    except ExplainError as e:
        fail(str(e))


@cli.command("interview")
@DB_OPTION
@BANK_OPTION
@click.option("--respondent", default=None)
@click.option("--role", default=None)
@click.option("--organisation", default=None)
@click.option("--processes", default=None, help="Comma-separated process ids (default: all).")
@click.option(
    "--resume",
    "resume",
    is_flag=False,
    flag_value="",
    default=None,
    help="Resume an interview: the given id, or the latest unfinished one.",
)
def interview_cmd(**kwargs: Any) -> None:
    """Run an interview in the terminal (Textual)."""
    from .tui.app import run

    sys.exit(run(**kwargs) or 0)


@cli.command("rescore")
@DB_OPTION
@BANK_OPTION
@click.option(
    "--write",
    is_flag=True,
    help="Record a `rescored` event on each interview whose ratings change.",
)
@click.option("--no-reviews", is_flag=True, help="Compare the rubric's own ratings, not reviews.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def rescore_cmd(
    db_path: str, bank_spec: str | None, write: bool, no_reviews: bool, fmt: str
) -> None:
    """Re-derive every stored interview's ratings with a bank (another version, another lexicon)
    and print what changed: interview, process, criterion (or level), old, new.

    Recorded answers are never touched. Exit codes: 0 done, 1 some interviews could not be
    rescored, 2 no database."""
    from .rescore import rescore

    if not Path(db_path).exists():
        fail(f"no database at {db_path}")
    bank = get_bank(bank_spec)
    db = store.open_db(db_path)
    n = changed = n_changes = problems = 0
    docs = []
    if fmt == "table":
        click.echo(f"{'interview':<24} {'process':<14} {'criterion':<24} {'old':<14} new")
    for o in rescore(db, bank, write=write, reviews=not no_reviews):
        n += 1
        if o.problem:
            problems += 1
            click.echo(f"SKIPPED {o.interview}: {o.problem}", err=True)
        changed += bool(o.changes)
        n_changes += len(o.changes)
        if fmt == "json":
            docs.append(
                {
                    "interview": o.interview,
                    "baseline": o.baseline,
                    "problem": o.problem,
                    "written": o.written,
                    "changes": [
                        {"process": c.process, "criterion": c.criterion, "old": c.old, "new": c.new}
                        for c in o.changes
                    ],
                }
            )
            continue
        for c in o.changes:
            click.echo(
                f"{c.interview:<24} {c.process:<14} {c.criterion:<24} {str(c.old):<14} {c.new}"
            )
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "bank": {"id": bank.id, "version": bank.version, "hash": bank.hash},
                    "interviews": docs,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    click.echo(
        f"rescored {n} interviews with bank {bank.id} {bank.version} "
        f"({bank.hash[:12]}): {changed} changed ({n_changes} ratings or levels), "
        f"{problems} skipped; "
        + (
            "a `rescored` event written to each changed interview"
            if write
            else "nothing written (--write to record it)"
        ),
        err=True,
    )
    sys.exit(1 if problems else 0)


from .commands_review import COMMANDS as _REVIEW_COMMANDS  # noqa: E402

for _cmd in _REVIEW_COMMANDS:
    cli.add_command(_cmd)


def main() -> None:
    """The console script: a database that cannot be used is a message, not a traceback."""
    try:
        cli()
    except store.StoreError as e:
        fail(str(e))
    except BrokenPipeError:  # `interviewbot ... | head`: the reader has gone; so do we, quietly
        sys.stderr.close()
        sys.exit(1)
    except OSError as e:  # a full disk, a read-only folder: say which file, not a traceback
        where = f"{e.filename}: " if e.filename else ""
        fail(f"{where}{e.strerror or e}")


@cli.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@BANK_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--quiet", "-q", is_flag=True, help="Only the figures, not every disagreement.")
def eval_cmd(paths: tuple[str, ...], bank_spec: str | None, fmt: str, quiet: bool) -> None:
    """Agreement of the rubric's own ratings with the recordings' `expected:` gold ratings."""
    from .batch import load_all
    from .evaluate import evaluate

    bank = get_bank(bank_spec)
    recs, errors = load_all(paths, bank)
    for e in errors:
        click.echo(f"FAILED {e}", err=True)
    failures = [str(e) for e in errors]

    def give_up(message: str) -> None:
        if fmt == "json":  # a JSON reader gets a document saying why, not an empty stream
            click.echo(json.dumps({"error": message, "failures": failures}, indent=2))
        fail(message)

    if not recs:
        give_up("no recordings to evaluate")
    result = evaluate(bank, recs)
    for where, pid in result.skipped:
        click.echo(f"note: {where}: expected.{pid} not compared (marked not applicable)", err=True)
    if not result.gold:
        give_up(f"none of the {len(recs)} recordings has `expected:` gold ratings to compare with")
    s = result.summary()
    if fmt == "json":
        s["failures"] = failures
        if quiet:
            s.pop("disagreements")
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
    else:
        _print_eval(s, quiet)
    sys.exit(1 if errors else 0)


def _f(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f} %" if pct else f"{x:.3f}"


def _print_eval(s: dict[str, Any], quiet: bool) -> None:
    echo = click.echo
    if not quiet:
        for d in s["disagreements"]:
            pct = "—" if d["percent"] is None else f"{d['percent']:.0f}%"
            echo(
                f"{d['recording']}: {d['process']}.{d['criterion']}: expected {d['expected']}, "
                f"rubric {d['rubric']} ({pct})"
            )
            for e in d["evidence"]:
                sign = "+" if e["polarity"] == "positive" else "-"
                trig = f" [{e['rule']}: {e['trigger']}]" if e["trigger"] else f" [{e['rule']}]"
                echo(f"    {sign}{e['strength']:.2f} {e['text']!r} in {e['source']}{trig}")
        echo("")
    echo(f"recordings {s['recordings']}, criterion ratings {s['criterion_ratings']}")
    echo(
        f"criterion ratings: exact {_f(s['exact_agreement'], True)}, kappa {_f(s['kappa'])}, "
        f"quadratic-weighted kappa {_f(s['kappa_quadratic'])}"
    )
    for c, v in s["per_criterion"].items():
        echo(
            f"  {c:<26} n={v['n']:<4} exact {_f(v['exact_agreement'], True):>8}  "
            f"kappa {_f(v['kappa'])}  qw-kappa {_f(v['kappa_quadratic'])}"
        )
    lv = s["levels"]
    echo(
        f"levels: n={lv['n']}, exact {_f(lv['exact_agreement'], True)}, "
        f"mean absolute error {_f(lv['mean_absolute_error'])}"
    )
    labels = s["confusion"]["labels"]
    echo("confusion (rows gold, columns rubric): " + " / ".join(labels))
    for lab, row in zip(labels, s["confusion"]["matrix"]):
        echo(f"  {lab:<14} " + " ".join(f"{n:>5}" for n in row))
