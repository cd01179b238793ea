"""Views of assessments: the JSON contract, the Table-2 terminal view and Markdown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .core.assess import Assessment
from .core.classify import Evidence
from .core.model import CRITERIA, UNASSESSED, Bank
from .safe_text import visible

RATING_LABEL = {
    "not_satisfied": "not satisfied",
    "partially": "partially",
    "largely": "largely",
    "satisfied": "satisfied",
    UNASSESSED: "unassessed",
}
RATING_STYLE = {
    "not_satisfied": "red",
    "partially": "yellow",
    "largely": "cyan",
    "satisfied": "green",
    UNASSESSED: "magenta",
}


def _num(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def level_name(bank: Bank, x: float | None) -> str | None:
    if x is None or not float(x).is_integer():
        return None
    return bank.model.level(int(x)).name


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {
        "text": e.text,
        "source": e.source,
        "event": e.event,
        "span": [e.start, e.end],
        "polarity": e.polarity,
        "strength": e.strength,
        "family": e.family,
        "rule": e.rule,
        "trigger": e.trigger,
        "trigger_span": [e.trigger_start, e.trigger_end] if e.trigger is not None else None,
    }


def interview_json(bank: Bank, meta: Mapping[str, Any], a: Assessment) -> dict[str, Any]:
    """One interview in the shape of DESIGN.md's contract."""
    procs: dict[str, Any] = {}
    for pid, pr in a.processes.items():
        if pr.not_applicable or pr.level is None:
            procs[pid] = {
                "name": pr.name,
                "decision_level": pr.decision_level,
                "not_applicable": True,
                "level": None,
                "criteria": {},
            }
            continue
        procs[pid] = {
            "name": pr.name,
            "decision_level": pr.decision_level,
            "not_applicable": False,
            "level": pr.level.level,
            "level_name": pr.level.name,
            "provisional": pr.level.provisional,
            "next_level": {
                c: {"has": has, "needs": needs} for c, (has, needs) in pr.level.blockers.items()
            },
            "criteria": {
                c: {
                    "rating": cr.rating,
                    "percent": cr.percent,
                    "source": cr.source,
                    "rubric_rating": cr.rubric_rating,
                    "review": dict(cr.review) if cr.review else None,
                    "evidence": [evidence_json(e) for e in cr.evidence],
                }
                for c, cr in pr.criteria.items()
            },
        }
    return {
        "id": meta.get("id"),
        "respondent": {
            k: meta.get(k2)
            for k, k2 in (
                ("name", "respondent"),
                ("role", "role"),
                ("organisation", "organisation"),
            )
        },
        "bank": {
            "id": bank.id,
            "version": bank.version,
            "hash": bank.hash,
            "lexicon_version": bank.lexicon.version,
        },
        "classifier": meta.get("classifier"),
        "status": meta.get("status"),
        "head_hash": meta.get("head_hash"),
        "processes": procs,
        "decision_levels": {dl: _num(v) for dl, v in a.decision_levels.items()},
        "overall": _num(a.overall),
        "overall_name": level_name(bank, a.overall),
        "aggregate_method": a.method,
    }


def table(bank: Bank, meta: Mapping[str, Any], a: Assessment, console: Console) -> None:
    """Table 2 again: per process the four criteria, the level; then decision levels, overall."""
    who = meta.get("respondent") or "?"
    org = meta.get("organisation")
    title = f"{meta.get('id')}  {who}" + (f", {org}" if org else "")
    t = Table(title=Text(visible(title)), show_lines=True, title_justify="left")
    t.add_column("ITIL process")
    t.add_column("Criteria")
    t.add_column("rubric %", justify="right")  # the rubric's reading, also where a review decides
    t.add_column("from")
    t.add_column("Maturity level")
    for _pid, pr in a.processes.items():
        if pr.not_applicable or pr.level is None:
            t.add_row(Text(pr.name), Text("not applicable", style="dim"), "", "", "")
            continue
        crit, pct, src = Text(), Text(), Text()
        for n, c in enumerate(CRITERIA):
            cr = pr.criteria[c]
            sep = "\n" if n else ""
            crit.append(sep + f"{bank.lexicon.labels[c]} = ")
            crit.append(RATING_LABEL[cr.rating].upper(), style=RATING_STYLE[cr.rating])
            pct.append(sep + ("—" if cr.percent is None else f"{cr.percent:.0f}"))
            if cr.source == "review":  # say what the rubric read, so its % is not a puzzle
                src.append(sep + "review", style="bold")
                src.append(f" (rubric: {RATING_LABEL[cr.rubric_rating]})", style="dim")
            else:
                src.append(sep + cr.source, style="dim")
        lv = Text(f"{pr.level.level} - {pr.level.name.upper()}")
        if pr.level.provisional:
            lv.append("\n(provisional)", style="magenta")
        t.add_row(Text(pr.name), crit, pct, src, lv)
    console.print(t)
    for dl, v in a.decision_levels.items():
        console.print(Text(f"{bank.decision_levels[dl]:<12} {_fmt_level(bank, v)}"))
    console.print(
        Text(f"{'Overall':<12} {_fmt_level(bank, a.overall)}   (method: {a.method})", style="bold")
    )


def _fmt_level(bank: Bank, v: float | None) -> str:
    if v is None:
        return "—"
    name = level_name(bank, v)
    return f"{_num(v)} - {name.upper()}" if name else f"{v}"


def markdown(bank: Bank, meta: Mapping[str, Any], a: Assessment) -> str:
    out = [
        f"## {md_escape(meta.get('id'))}: {md_escape(meta.get('respondent') or '?')}"
        + (f", {md_escape(meta.get('organisation'))}" if meta.get("organisation") else ""),
        "",
        "| ITIL process | Criterion | Rating | % | Source | Maturity level |",
        "|---|---|---|---:|---|---|",
    ]
    for _pid, pr in a.processes.items():
        if pr.not_applicable or pr.level is None:
            out.append(f"| {pr.name} | — | not applicable | | | |")
            continue
        for n, c in enumerate(CRITERIA):
            cr = pr.criteria[c]
            lv = (
                (
                    f"{pr.level.level} – {pr.level.name}"
                    + (" (provisional)" if pr.level.provisional else "")
                )
                if n == 0
                else ""
            )
            pct = "—" if cr.percent is None else f"{cr.percent:.0f}"
            out.append(
                f"| {pr.name if n == 0 else ''} | {bank.lexicon.labels[c]} | "
                f"{RATING_LABEL[cr.rating]} | {pct} | {cr.source} | {lv} |"
            )
    out.append("")
    for dl, v in a.decision_levels.items():
        out.append(f"- **{bank.decision_levels[dl]}**: {_fmt_level(bank, v)}")
    out.append(f"- **Overall**: {_fmt_level(bank, a.overall)} (method: {a.method})")
    return "\n".join(out) + "\n"


_MD_SPECIAL = "\\`*_[]<>|~&"


def md_escape(s: Any) -> str:
    """User text, safe inside Markdown (and inside a table cell): inline syntax escaped, line
    breaks folded, and what would start a block at the start of a line escaped too."""
    text = re.sub(r"\s+", " ", visible(str(s if s is not None else "")))
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    if re.match(r"\s*([#+\-=]|\d+[.)])", out):
        out = "\\" + out if not out[0].isdigit() else re.sub(r"^(\d+)([.)])", r"\1\\\2", out)
    return out
