"""The consultant's commands: list, show, override, accept, undo, agreement, report, review.

Registered on the `interviewbot` group by cli.py (COMMANDS). Every decision goes through
interviewbot.review, which writes it through the engine as an audit event."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from . import review as rv
from . import store
from .cli_common import DB_OPTION as DB
from .cli_common import fail as _fail
from .cli_common import open_existing as _open
from .cli_common import out_console as _console
from .core.agreement import rating_agreement
from .core.classify import Evidence
from .core.model import CRITERIA
from .report import RATING_LABEL, RATING_STYLE
from .safe_text import visible

REVIEWER = click.option(
    "--reviewer",
    envvar="INTERVIEWBOT_REVIEWER",
    default=None,
    help="Your name, as it goes into the audit trail (env INTERVIEWBOT_REVIEWER).",
)


def _load(db, ref: str) -> rv.Loaded:
    try:
        return rv.load(db, ref)
    except rv.ReviewError as e:
        _fail(str(e))
        raise  # unreachable


def _level_text(lo: rv.Loaded, x: float | None) -> str:
    if x is None:
        return "—"
    if float(x).is_integer():
        return f"{int(x)} - {lo.bank.model.level(int(x)).name}"
    return f"{x}"


# --- list ------------------------------------------------------------------------------------


@click.command("list")
@DB
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def list_cmd(db_path: str, fmt: str) -> None:
    """List the interviews: id, respondent, organisation, date, status, overall level, reviews."""
    db = _open(db_path)
    rows = rv.summary_rows(db)
    if fmt == "json":
        click.echo(json.dumps({"interviews": rows}, ensure_ascii=False, indent=2))
        return
    t = Table(show_lines=False)
    for col, just in (
        ("id", "left"),
        ("respondent", "left"),
        ("organisation", "left"),
        ("date", "left"),
        ("status", "left"),
        ("overall", "left"),
        ("reviewed", "right"),
    ):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in rows:
        ov = (
            "—"
            if r["overall"] is None
            else (f"{r['overall']:g}" + (f" {r['overall_name']}" if r["overall_name"] else ""))
        )
        if r["overall"] is not None and r["status"] != "finished":
            ov += " (so far)"
        t.add_row(
            *(
                Text(visible(str(v or "")))
                for v in (r["id"], r["respondent"], r["organisation"], r["date"], r["status"], ov)
            ),
            Text(f"{r['reviewed']} ({r['overrides']} overridden)"),
        )
    c = _console()
    c.print(t)
    c.print(Text(f"{len(rows)} interview{'' if len(rows) == 1 else 's'} in {db_path}"))


# --- show ------------------------------------------------------------------------------------


def marked(text: str, evidence: tuple[Evidence, ...], plain: bool) -> Text:
    """An answer as plain Text (never markup) with the evidence spans in criterion colours;
    without colours, spans are put between « ». Control characters are shown, not obeyed."""
    out = Text()
    for words, cover in rv.segments(visible(text), evidence):
        if not cover:
            out.append(words)
            continue
        e = cover[0]
        style = rv.CRITERION_COLOURS[e.criterion] + (
            " bold" if e.polarity == "positive" else " strike"
        )
        out.append("«" + words + "»" if plain else words, style=style)
    return out


@click.command("show")
@click.argument("ref", metavar="ID")
@DB
@click.option("--process", "only", default=None, help="Only this process.")
def show_cmd(ref: str, db_path: str, only: str | None) -> None:
    """Show an interview's transcript with the evidence marked, and its ratings."""
    db = _open(db_path)
    lo = _load(db, ref)
    if only is not None and only not in lo.transcript.processes:
        _fail(
            f"process '{only}' is not part of {lo.id} "
            f"(it covers: {', '.join(lo.transcript.processes)})"
        )
    c = _console()
    plain = c.no_color or not c.is_terminal
    shorts = lo.bank.lexicon.shorts
    m = lo.meta
    c.print(
        Text(
            visible(
                f"{lo.id}  {m.get('respondent') or '?'}"
                + (f", {m['organisation']}" if m.get("organisation") else "")
            )
            + f"  ({m.get('status')}, {lo.bank.id} {lo.bank.version}, {m.get('classifier')})",
            style="bold",
        )
    )
    legend = Text("evidence: ")
    for cid in CRITERIA:
        legend.append(f"{shorts[cid]} ", style=rv.CRITERION_COLOURS[cid] + " bold")
    legend.append("(struck through: shows it missing)" + ("; marked «like this»" if plain else ""))
    if lo.chain_break is not None:
        c.print(
            Text(
                f"WARNING: the audit chain is broken ({lo.chain_break}); run `interviewbot verify`",
                style="bold red",
            )
        )
    c.print(legend)
    items = rv.transcript_items(lo)
    for pid in lo.transcript.processes:
        if only and pid != only:
            continue
        pr = lo.assessment.processes[pid]
        c.print()
        head = Text(f"== {pr.name} ({pid})", style="bold")
        if pr.level is not None:
            head.append(
                f"  level {pr.level.level} - {pr.level.name}"
                + (" (provisional)" if pr.level.provisional else "")
            )
        c.print(head)
        for it in (i for i in items if i.process == pid):
            if it.piece is None:
                c.print(
                    Text(
                        f"  {it.prompt}  {it.question}  ({it.outcome.replace('_', ' ')})",
                        style="dim",
                    )
                )
                continue
            c.print(Text(f"  {it.prompt}  {it.question}", style="dim"))
            c.print(Text("    > ") + marked(it.piece.text, it.evidence, plain))
            for e in it.evidence:
                sign = "+" if e.polarity == "positive" else "-"
                line = Text(f"      {shorts[e.criterion]:<4}{sign} ")
                line.append(e.text, style=rv.CRITERION_COLOURS[e.criterion])
                line.append(
                    f"  ({e.rule}{', ' + repr(e.trigger) if e.trigger else ''}, {e.strength:g})",
                    style="dim",
                )
                c.print(line)
        if pr.not_applicable:
            c.print(Text("  not applicable", style="dim"))
            continue
        for cid, cr in pr.criteria.items():
            line = Text(f"  {lo.bank.lexicon.labels[cid]:<28}")
            line.append(f"{RATING_LABEL[cr.rating]:<14}", style=RATING_STYLE[cr.rating])
            line.append(f"{'—' if cr.percent is None else f'{cr.percent:.0f}%':>5}  {cr.source}")
            if cr.review and cr.review.get("action") == "override":
                line.append(
                    f"  (rubric: {RATING_LABEL[cr.rubric_rating]}; "
                    f"{visible(str(cr.review.get('reviewer')))}: "
                    f"{visible(str(cr.review.get('reason')))})"
                )
            elif cr.review:
                line.append(f"  (accepted by {visible(str(cr.review.get('reviewer')))})")
            c.print(line)
    c.print()
    c.print(
        Text(
            f"overall {_level_text(lo, lo.assessment.overall)} (method: {lo.assessment.method})",
            style="bold",
        )
    )


# --- decisions -------------------------------------------------------------------------------


def _done(db, ref: str, what: str) -> None:
    lo = _load(db, ref)
    click.echo(
        f"{visible(what)}; {lo.id} now has overall {_level_text(lo, lo.assessment.overall)} "
        f"(head {lo.meta.get('head_hash', '')[:12]})"
    )


@click.command("override")
@click.argument("ref", metavar="ID")
@click.argument("process")
@click.argument("criterion")
@click.argument("rating")
@click.option("--reason", default=None, help="Why the rubric's rating is wrong (required).")
@REVIEWER
@DB
def override_cmd(
    ref: str,
    process: str,
    criterion: str,
    rating: str,
    reason: str | None,
    reviewer: str | None,
    db_path: str,
) -> None:
    """Override one rating: PROCESS CRITERION RATING with a reason and the reviewer's name.

    Written as a `reviewed` event in the interview's audit chain."""
    if not (reason or "").strip():
        _fail('an override needs a reason: add --reason "why the rubric is wrong"')
    if not (reviewer or "").strip():
        _fail(
            "an override needs the reviewer's name: add --reviewer NAME "
            "(or set INTERVIEWBOT_REVIEWER)"
        )
    db = _open(db_path)
    lo = _load(db, ref)
    try:
        e = rv.override(db, lo, process, criterion, rating, reviewer or "", reason or "")
    except rv.ReviewError as err:
        _fail(str(err))
    _done(
        db,
        lo.id,
        f"event {e.seq}: {process} {criterion} overridden to {rating} "
        f"by {reviewer.strip() if reviewer else ''}",
    )


@click.command("accept")
@click.argument("ref", metavar="ID")
@click.argument("process")
@click.argument("criterion")
@click.option("--reason", default="", help="A note (optional).")
@REVIEWER
@DB
def accept_cmd(
    ref: str, process: str, criterion: str, reason: str, reviewer: str | None, db_path: str
) -> None:
    """Accept the rubric's rating of PROCESS CRITERION explicitly (replaces an override)."""
    if not (reviewer or "").strip():
        _fail("an accept needs the reviewer's name: add --reviewer NAME")
    db = _open(db_path)
    lo = _load(db, ref)
    try:
        e = rv.accept(db, lo, process, criterion, reviewer or "", reason)
    except rv.ReviewError as err:
        _fail(str(err))
    _done(db, lo.id, f"event {e.seq}: {process} {criterion} accepted by {(reviewer or '').strip()}")


@click.command("undo")
@click.argument("ref", metavar="ID")
@REVIEWER
@DB
def undo_cmd(ref: str, reviewer: str | None, db_path: str) -> None:
    """Undo your last review decision on an interview (a new event; nothing is deleted)."""
    if not (reviewer or "").strip():
        _fail("undo needs the reviewer's name: add --reviewer NAME")
    db = _open(db_path)
    lo = _load(db, ref)
    try:
        e = rv.undo(db, lo, reviewer or "")
    except rv.ReviewError as err:
        _fail(str(err))
    _done(db, lo.id, f"event {e.seq}: undid event {e.payload['undoes']}")


# --- agreement -------------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def _k(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


@click.command("agreement")
@click.argument("refs", nargs=-1, metavar="[IDS]...")
@DB
@click.option(
    "--basis",
    type=click.Choice(["all", "reviewed"]),
    default="all",
    show_default=True,
    help="all: every criterion (not overridden = kept); reviewed: only criteria with a "
    "decision in force.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def agreement_cmd(refs: tuple[str, ...], db_path: str, basis: str, fmt: str) -> None:
    """Rubric vs reviewer: exact agreement and Cohen's kappa per interview and over the set.

    Kappa is unweighted and quadratic-weighted over the four ratings in order (unassessed
    counts as not satisfied); '—' where it is undefined."""
    db = _open(db_path)
    ids = list(refs) or [r["id"] for r in store.interviews(db)]
    los = list({lo.id: lo for lo in (_load(db, r) for r in ids)}.values())  # each interview once
    per, pooled = rv.agreement(los, basis)
    if fmt == "json":
        doc = {
            "basis": basis,
            "interviews": [
                {
                    "id": lo.id,
                    "respondent": lo.meta.get("respondent"),
                    **ag.as_dict(),
                    "pairs": [
                        {"process": p, "criterion": c, "rubric": a, "reviewer": b}
                        for p, c, a, b in rv.rating_pairs(lo, basis)
                    ],
                }
                for lo, ag in per
            ],
            "overall": pooled.as_dict(),
            "by_criterion": {
                c: rating_agreement(
                    [(a, b) for lo in los for _, cc, a, b in rv.rating_pairs(lo, basis) if cc == c]
                ).as_dict()
                for c in CRITERIA
            },
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    t = Table(title=Text(f"rubric vs reviewer (basis: {basis})"), title_justify="left")
    for col in ("interview", "respondent", "pairs", "agree", "exact", "kappa", "kappa (quadratic)"):
        t.add_column(col, justify="left" if col in ("interview", "respondent") else "right")
    for lo, ag in per:
        t.add_row(
            Text(lo.id),
            Text(visible(lo.meta.get("respondent") or "")),
            str(ag.n),
            str(ag.agree),
            _pct(ag.exact),
            _k(ag.kappa),
            _k(ag.kappa_quadratic),
        )
    t.add_row(
        Text(f"all {len(per)}", style="bold"),
        "",
        str(pooled.n),
        str(pooled.agree),
        _pct(pooled.exact),
        _k(pooled.kappa),
        _k(pooled.kappa_quadratic),
    )
    c = _console()
    c.print(t)
    if pooled.n:
        ratings = [RATING_LABEL[r] for r in pooled.categories]
        m = Table(title=Text("rubric (rows) vs reviewer (columns)"), title_justify="left")
        m.add_column("")
        for r in ratings:
            m.add_column(r, justify="right")
        for r, row in zip(ratings, pooled.matrix, strict=True):
            m.add_row(r, *(str(x) for x in row))
        c.print(m)


# --- report ----------------------------------------------------------------------------------


def _refuse_to_overwrite_a_database(out: Path, db_path: Path) -> None:
    """A report written over the database (or its journal) would lose every interview."""
    o, d = out.resolve(), db_path.resolve()
    if o in {d, *(d.with_name(d.name + x) for x in ("-wal", "-shm", "-journal"))}:
        _fail(f"{out}: that is the database (or its journal) the report is read from; not written")
    if o.is_file():
        with o.open("rb") as f:
            if f.read(16) == b"SQLite format 3\x00":
                _fail(f"{out}: an existing SQLite database; a report is not written over it")


@click.command("report")
@click.argument("ref", metavar="ID")
@DB
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json", "csv"]),
    default="md",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
def report_cmd(ref: str, db_path: str, fmt: str, out: str | None) -> None:
    """A report the client can read: Table 2, decision levels, overall, evidence, overrides,
    a chart of the levels, what it takes to reach the next level, and the audit chain's head."""
    from . import report_client

    if out:
        _refuse_to_overwrite_a_database(Path(out), Path(db_path))
    db = _open(db_path)
    lo = _load(db, ref)
    text = report_client.render(lo, fmt)
    if fmt in ("json", "csv"):  # md and html say it at their top; these formats cannot
        for w in report_client.warnings(lo):
            click.echo(f"warning: {visible(w)}", err=True)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        try:
            Path(out).write_text(text, encoding="utf-8", newline="" if fmt == "csv" else None)
        except OSError as e:
            _fail(f"{out}: {e.strerror or e}")
        click.echo(f"wrote {out} ({fmt}, {lo.id})", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


# --- review screen ---------------------------------------------------------------------------


@click.command("review")
@click.argument("ref", metavar="[ID]", required=False)
@DB
@REVIEWER
def review_cmd(ref: str | None, db_path: str, reviewer: str | None) -> None:
    """The review workbench (Textual): transcripts with evidence, ratings, overrides, search."""
    db = _open(db_path)
    if ref:
        _load(db, ref)  # a clear message for an unknown id, before the screen starts
    db.close()
    from .tui.review import run

    sys.exit(run(db_path, ref, reviewer) or 0)


COMMANDS = [
    list_cmd,
    show_cmd,
    override_cmd,
    accept_cmd,
    undo_cmd,
    agreement_cmd,
    report_cmd,
    review_cmd,
]
