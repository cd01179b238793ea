"""The client's report of one interview: Markdown, self-contained HTML (inline SVG chart, print
styles, nothing fetched), CSV and the JSON contract.

Everything typed by a person (answers, names, organisations, reasons) is escaped for the format
it goes into: HTML entities, Markdown backslashes, and CSV cells that a spreadsheet would run as
a formula are defused."""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from . import report
from .core.classify import Evidence
from .core.model import CRITERIA, UNASSESSED
from .review import CRITERION_COLOURS, Loaded, review_log, segments, transcript_items
from .safe_text import visible

FORMATS = ("md", "html", "json", "csv")


def render(lo: Loaded, fmt: str) -> str:
    if fmt == "md":
        return markdown(lo)
    if fmt == "html":
        return html(lo)
    if fmt == "json":
        return json.dumps({"interviews": [as_json(lo)]}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return as_csv(lo)
    raise ValueError(f"unknown report format {fmt!r} (one of: {', '.join(FORMATS)})")


# --- shared pieces ---------------------------------------------------------------------------


def as_json(lo: Loaded) -> dict[str, Any]:
    doc = report.interview_json(lo.bank, lo.meta, lo.assessment)
    doc["review_log"] = review_log(lo)
    doc["warnings"] = warnings(lo)  # e.g. an audit chain that does not verify
    return doc


def _label(lo: Loaded, c: str) -> str:
    return lo.bank.lexicon.labels[c]


def _level(lo: Loaded, x: float | None) -> str:
    if x is None:
        return "—"
    if float(x).is_integer():
        return f"{int(x)} – {lo.bank.model.level(int(x)).name}"
    return f"{x:g}"


def _pct(p: float | None) -> str:
    return "—" if p is None else f"{p:.0f}%"


def next_steps(lo: Loaded) -> list[tuple[str, int, int, list[tuple[str, str, str]]]]:
    """Per process: (name, level, next level, [(criterion, has, needs)]) from the blockers."""
    out = []
    top = max(lv.level for lv in lo.bank.model.levels)
    for pr in lo.assessment.processes.values():
        if pr.level is None or pr.level.level >= top:
            continue
        out.append(
            (
                pr.name,
                pr.level.level,
                pr.level.level + 1,
                [(c, has, needs) for c, (has, needs) in pr.level.blockers.items()],
            )
        )
    return out


def _overrides(lo: Loaded, pid: str) -> list[tuple[str, Any]]:
    pr = lo.assessment.processes[pid]
    return [(c, cr) for c, cr in pr.criteria.items() if cr.review is not None]


def _audit(lo: Loaded) -> list[tuple[str, str]]:
    m = lo.meta
    return [
        ("Interview", str(m.get("id"))),
        ("Status", str(m.get("status"))),
        ("Started", str(m.get("created_at") or "")[:19].replace("T", " ")),
        ("Last event", str(m.get("updated_at") or "")[:19].replace("T", " ")),
        ("Question bank", f"{lo.bank.id} {lo.bank.version} (sha256 {lo.bank.hash[:16]}…)"),
        ("Lexicon", lo.bank.lexicon.version),
        ("Classifier", str(m.get("classifier"))),
        (
            "Audit chain",
            f"{m.get('events')} events, head {m.get('head_hash')}"
            + (f" — BROKEN: {lo.chain_break}" if lo.chain_break else " — verifies"),
        ),
        ("Aggregation", lo.assessment.method),
    ]


def warnings(lo: Loaded) -> list[str]:
    """What a reader must know before trusting the figures, said at the top of the report."""
    out = []
    if lo.chain_break is not None:
        out.append(
            f"The audit chain of this interview is broken ({lo.chain_break}): the log was "
            "changed outside interviewbot, so these figures cannot be trusted."
        )
    if lo.meta.get("status") != "finished":
        out.append(
            f"This interview is not finished (status: {lo.meta.get('status')}): "
            "the figures cover only what has been answered so far."
        )
    return out


def _title(lo: Loaded) -> str:
    org = lo.meta.get("organisation")
    return "ITIL process maturity assessment" + (f" — {org}" if org else "")


# --- Markdown --------------------------------------------------------------------------------


md = report.md_escape


def _md_quote(text: str, evidence: tuple[Evidence, ...], shorts) -> str:
    out = []
    for words, cover in segments(text, evidence):
        if cover:
            e = cover[0]
            mark = "~~" if e.polarity == "negative" else "**"
            out.append(f"{mark}{md(words)}{mark}<sub>{md(shorts[e.criterion])}</sub>")
        else:
            out.append(md(words))
    return "".join(out)


def markdown(lo: Loaded) -> str:
    a = lo.assessment
    shorts = lo.bank.lexicon.shorts
    m = lo.meta
    out = [f"# {md(_title(lo))}", ""]
    who = ", ".join(md(x) for x in (m.get("respondent"), m.get("role")) if x)
    out += [f"Respondent: {who or '—'}  ", f"Interview: `{m.get('id')}`", ""]
    out += [f"> **Warning:** {md(w)}\n" for w in warnings(lo)]
    out += [
        "## Summary",
        "",
        f"**Overall maturity: {_level(lo, a.overall)}** (median of the process levels, "
        f"method `{a.method}`)",
        "",
    ]
    out += ["| Decision level | Maturity |", "|---|---|"]
    for dl, v in a.decision_levels.items():
        out.append(f"| {md(lo.bank.decision_levels[dl])} | {_level(lo, v)} |")
    out += ["", "### Levels per process", "", "```"]
    width = max((len(pr.name) for pr in a.processes.values()), default=10)
    for pr in a.processes.values():
        lv = pr.level.level if pr.level else None
        bar = "n/a" if lv is None else ("█" * (4 * lv) + f" {lv}")
        out.append(f"{pr.name:<{width}} | {bar}")
    out += ["```", ""]
    out += [
        "## Ratings (Table 2)",
        "",
        "| Process | " + " | ".join(md(_label(lo, c)) for c in CRITERIA) + " | Level |",
        "|---|" + "---|" * len(CRITERIA) + "---|",
    ]
    for pr in a.processes.values():
        if pr.not_applicable or pr.level is None:
            out.append(
                f"| {md(pr.name)} | " + " | ".join("—" for _ in CRITERIA) + " | not applicable |"
            )
            continue
        cells = []
        for c in CRITERIA:
            cr = pr.criteria[c]
            if cr.source == "review":
                cell = (
                    f"{report.RATING_LABEL[cr.rating]} † (rubric: "
                    f"{report.RATING_LABEL[cr.rubric_rating]} {_pct(cr.percent)})"
                )
            else:
                cell = f"{report.RATING_LABEL[cr.rating]} ({_pct(cr.percent)})"
            cells.append(cell)
        lv = f"**{_level(lo, pr.level.level)}**" + (
            " (provisional)" if pr.level.provisional else ""
        )
        out.append(f"| {md(pr.name)} | " + " | ".join(cells) + f" | {lv} |")
    out += [
        "",
        "† set by a reviewer (see the overrides below). Percentages are the rubric's "
        "reading of the answers; *unassessed* means nothing was said about the criterion "
        "and the level is provisional.",
        "",
    ]
    steps = next_steps(lo)
    out += ["## To reach the next level", ""]
    for name, lv, nxt, blockers in steps:
        raise_ = "; ".join(
            f"{md(_label(lo, c))} from {report.RATING_LABEL.get(h, h)} to "
            f"{report.RATING_LABEL.get(n, n)}"
            for c, h, n in blockers
        )
        out.append(f"- **{md(name)}** ({lv} → {nxt}): raise {raise_}")
    if not steps:
        out.append("Every process is at the top level.")
    out += ["", "## Evidence and overrides per process", ""]
    items = transcript_items(lo)
    for pid, pr in a.processes.items():
        out += [f"### {md(pr.name)}", ""]
        if pr.not_applicable:
            out += ["Not applicable to this organisation.", ""]
            continue
        for c, cr in _overrides(lo, pid):
            r = cr.review
            if r.get("action") == "override":
                out.append(
                    f"- **Override** {md(_label(lo, c))}: {report.RATING_LABEL[cr.rubric_rating]}"
                    f" → **{report.RATING_LABEL[cr.rating]}** by {md(r.get('reviewer'))}: "
                    f"“{md(r.get('reason'))}”"
                )
            else:
                out.append(
                    f"- **Accepted** {md(_label(lo, c))} "
                    f"({report.RATING_LABEL[cr.rating]}) by {md(r.get('reviewer'))}"
                    + (f": “{md(r.get('reason'))}”" if r.get("reason") else "")
                )
        for it in (i for i in items if i.process == pid):
            if it.piece is None:
                out.append(f"- *{md(it.question)}* — {it.outcome.replace('_', ' ')}")
                continue
            out.append(
                f"- *{md(it.question)}*  \n  > {_md_quote(it.piece.text, it.evidence, shorts)}"
            )
        out.append("")
    out += ["## Audit", "", "| | |", "|---|---|"]
    out += [f"| {k} | {md(v)} |" for k, v in _audit(lo)]
    out += [
        "",
        "Evidence marks: **bold** shows a criterion, ~~struck~~ shows it missing; "
        + ", ".join(f"{md(shorts[c])} = {md(_label(lo, c))}" for c in CRITERIA)
        + ".",
    ]
    return "\n".join(out) + "\n"


# --- CSV -------------------------------------------------------------------------------------


def _cell(x: Any) -> Any:
    """Defuse text a spreadsheet would evaluate (=, +, -, @, tab, CR at the start)."""
    if isinstance(x, str) and x[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + x
    return x


def as_csv(lo: Loaded) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            "interview",
            "respondent",
            "organisation",
            "process",
            "process_name",
            "decision_level",
            "criterion",
            "rating",
            "percent",
            "source",
            "rubric_rating",
            "reviewer",
            "reason",
            "level",
            "level_name",
            "provisional",
            "evidence",
            "head_hash",
        ]
    )
    m = lo.meta
    for pid, pr in lo.assessment.processes.items():
        who = (m.get("id"), m.get("respondent"), m.get("organisation"))
        where = (pid, pr.name, pr.decision_level)
        if pr.not_applicable or pr.level is None:
            row = (*who, *where, "", "not_applicable", *[""] * 9, m.get("head_hash"))
            w.writerow([_cell(x) for x in row])
            continue
        for c, cr in pr.criteria.items():
            r = cr.review or {}
            ev = " | ".join(
                f"{'+' if e.polarity == 'positive' else '-'}{e.text}" for e in cr.evidence
            )
            row = (
                *who,
                *where,
                c,
                cr.rating,
                "" if cr.percent is None else round(cr.percent, 1),
                cr.source,
                cr.rubric_rating,
                r.get("reviewer", ""),
                r.get("reason", ""),
                pr.level.level,
                pr.level.name,
                pr.level.provisional,
                ev,
                m.get("head_hash"),
            )
            w.writerow([_cell(x) for x in row])
    return buf.getvalue()


# --- HTML ------------------------------------------------------------------------------------


def e(x: Any) -> str:
    return escape(visible("" if x is None else str(x)), quote=True)


RATING_COLOUR = {
    "not_satisfied": "#c62828",
    "partially": "#f9a825",
    "largely": "#0097a7",
    "satisfied": "#2e7d32",
    UNASSESSED: "#8e24aa",
}


def svg_chart(lo: Loaded) -> str:
    """Horizontal bars: the level of each process on the model's scale, inline SVG."""
    procs = list(lo.assessment.processes.values())
    levels = [lv.level for lv in lo.bank.model.levels]
    top = max(levels)
    label_w, bar_w, row_h, pad = 230, 380, 26, 28
    width = label_w + bar_w + 60
    height = pad + row_h * len(procs) + 34
    x0 = label_w
    out = [
        f'<svg id="levels-chart" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart-title">',
        '<title id="chart-title">Maturity level per process</title>',
    ]
    for lv in levels:
        x = x0 + bar_w * lv / top
        out.append(
            f'<line x1="{x:.1f}" y1="{pad - 6}" x2="{x:.1f}" '
            f'y2="{pad + row_h * len(procs)}" class="grid"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{pad - 10}" class="tick">{lv}</text>')
    for i, pr in enumerate(procs):
        y = pad + i * row_h
        out.append(
            f'<text x="{x0 - 8}" y="{y + row_h / 2 + 4:.1f}" class="label">{e(pr.name)}</text>'
        )
        if pr.level is None:
            out.append(
                f'<text x="{x0 + 6}" y="{y + row_h / 2 + 4:.1f}" class="na">not applicable</text>'
            )
            continue
        lv = pr.level.level
        w = bar_w * lv / top
        cls = "bar provisional" if pr.level.provisional else "bar"
        out.append(
            f'<rect x="{x0}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
            f'class="{cls} l{lv}" data-process="{e(pr.process)}" data-level="{lv}">'
            f"<title>{e(pr.name)}: {e(_level(lo, lv))}</title></rect>"
        )
        out.append(
            f'<text x="{x0 + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" class="value">'
            f"{lv}{' *' if pr.level.provisional else ''}</text>"
        )
    names = " · ".join(f"{lv.level} {lv.name}" for lv in lo.bank.model.levels)
    out.append(f'<text x="8" y="{height - 8}" class="legend">{e(names)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _marked_html(text: str, evidence: tuple[Evidence, ...], lo: Loaded) -> str:
    shorts = lo.bank.lexicon.shorts
    out = []
    for words, cover in segments(text, evidence):
        if not cover:
            out.append(e(words))
            continue
        ev = cover[0]
        tip = "; ".join(
            f"{shorts[x.criterion]} {'+' if x.polarity == 'positive' else '−'} ({x.rule})"
            for x in cover
        )
        out.append(
            f'<mark class="ev c-{ev.criterion} {ev.polarity}" title="{e(tip)}">'
            f"{e(words)}<sup>{e(shorts[ev.criterion])}</sup></mark>"
        )
    return "".join(out)


CSS = (
    """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d6dae3; --bg:#ffffff; --band:#f4f6fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); margin: 0 auto; max-width: 980px; padding: 28px; }
h1 { font-size: 1.7em; margin: 0 0 4px; } h2 { font-size: 1.3em; margin-top: 1.8em;
  border-bottom: 2px solid var(--line); padding-bottom: 4px; } h3 { font-size: 1.08em; margin: 1.4em 0 .4em; }
.sub { color: var(--muted); margin: 0 0 18px; }
.summary { display: flex; gap: 14px; flex-wrap: wrap; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 150px; background: var(--band); }
.card .k { color: var(--muted); font-size: .85em; } .card .v { font-size: 1.25em; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: .93em; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.rating { padding: 5px 6px; } td.rating .pct { color: var(--muted); font-size: .85em; }
.r { display: inline-block; width: .75em; height: .75em; border-radius: 50%; margin-right: 5px; vertical-align: baseline; }
.r-not_satisfied { background:#c62828 } .r-partially { background:#f9a825 } .r-largely { background:#0097a7 }
.r-satisfied { background:#2e7d32 } .r-unassessed { background:#8e24aa }
.rev { font-weight: 700; color: #b03a00; }
.level { font-weight: 600; }
td.level { min-width: 8.5em; }
#table2 { font-size: .88em; }
#table2 th, #table2 td { padding: 5px 6px; }
.chart { max-width: 100%; height: auto; }
.chart .grid { stroke: #e3e6ee; stroke-width: 1; } .chart .tick { font-size: 11px; fill: #5b6475; text-anchor: middle; }
.chart .label { font-size: 12px; fill: #1d2330; text-anchor: end; } .chart .value { font-size: 12px; font-weight: 700; fill: #1d2330; }
.chart .legend { font-size: 11px; fill: #5b6475; text-anchor: start; }
.chart .na { font-size: 11px; fill: #5b6475; font-style: italic; }
.chart .bar { fill: #3f6fb5; } .chart .bar.provisional { fill: #9fb5d9; }
.chart .l0 { fill: #c62828; } .chart .l1 { fill: #ef6c00; } .chart .l2 { fill: #f9a825; }
.chart .l3 { fill: #3f6fb5; } .chart .l4 { fill: #0097a7; } .chart .l5 { fill: #2e7d32; }
.chart .provisional { opacity: .55; }
blockquote { margin: 4px 0 10px; padding: 6px 12px; border-left: 3px solid var(--line); background: #fafbfd; }
.q { color: var(--muted); font-size: .9em; margin: 10px 0 0; }
mark.ev { background: transparent; border-bottom: 3px solid; padding: 0 1px; color: inherit; }
mark.ev.negative { text-decoration: line-through; border-bottom-style: dashed; }
mark.ev sup { font-size: .65em; margin-left: 1px; font-weight: 700; }
"""
    + "".join(
        f"mark.c-{c} {{ border-color: {col}; background: {col}1f; }} mark.c-{c} sup {{ color: {col}; }}\n"
        f".key-{c} {{ border-bottom: 3px solid {col}; }}\n"
        for c, col in CRITERION_COLOURS.items()
    )
    + """
.override { border-left: 4px solid #b03a00; background: #fff6f0; padding: 6px 10px; margin: 6px 0; }
.accept { border-left: 4px solid #2e7d32; background: #f2fbf3; padding: 6px 10px; margin: 6px 0; }
.muted { color: var(--muted); } .small { font-size: .85em; }
code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; word-break: break-all; }
footer { margin-top: 28px; color: var(--muted); font-size: .85em; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, .chart, blockquote, .override, .accept, .card { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .process { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"""
)


def html(lo: Loaded) -> str:
    a = lo.assessment
    m = lo.meta
    lbl = report.RATING_LABEL
    p: list[str] = []
    p.append("<!DOCTYPE html>")
    p.append(
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
    )
    p.append(f"<title>{e(_title(lo))}</title>")
    p.append(
        f"<style>{CSS}.warning{{border:2px solid #c62828;padding:.5em 1em;"
        f"background:#fdecea}}</style></head><body>"
    )
    p.append(f"<h1>{e(_title(lo))}</h1>")
    for w in warnings(lo):
        p.append(f'<p class="warning" role="alert"><strong>Warning:</strong> {e(w)}</p>')
    who = ", ".join(e(x) for x in (m.get("respondent"), m.get("role")) if x)
    p.append(
        f'<p class="sub">Respondent: {who or "—"} · Interview <code>{e(m.get("id"))}</code>'
        f" · {e(str(m.get('created_at') or '')[:10])}</p>"
    )
    # summary
    p.append('<section id="summary"><h2>Summary</h2><div class="summary">')
    p.append(
        f'<div class="card"><div class="k">Overall maturity</div>'
        f'<div class="v" id="overall">{e(_level(lo, a.overall))}</div></div>'
    )
    for dl, v in a.decision_levels.items():
        p.append(
            f'<div class="card"><div class="k">{e(lo.bank.decision_levels[dl])} level</div>'
            f'<div class="v">{e(_level(lo, v))}</div></div>'
        )
    p.append("</div>")
    p.append(
        f'<p class="small muted">Decision-level and overall figures aggregate the process '
        f"levels with the method <code>{e(a.method)}</code>.</p>"
    )
    p.append("<h3>Maturity level per process</h3>")
    p.append(svg_chart(lo))
    if any(pr.level is not None and pr.level.provisional for pr in a.processes.values()):
        p.append(
            '<p class="small muted">Paler bars (*) are provisional: a criterion was not '
            "spoken to and counts as not satisfied.</p>"
        )
    p.append("</section>")
    # Table 2
    p.append('<section id="ratings"><h2>Ratings per process (Table 2)</h2>')
    p.append(
        '<table id="table2"><thead><tr><th>ITIL process</th><th>Decision level</th>'
        + "".join(
            f'<th><span class="key-{c}">'
            f"{e(lo.bank.lexicon.labels[c]).replace('/', '/<wbr>')}</span></th>"
            for c in CRITERIA
        )
        + "<th>Maturity level</th></tr></thead><tbody>"
    )
    for pid, pr in a.processes.items():
        dl = e(lo.bank.decision_levels.get(pr.decision_level, pr.decision_level))
        if pr.not_applicable or pr.level is None:
            p.append(
                f'<tr data-process="{e(pid)}"><td>{e(pr.name)}</td><td>{dl}</td>'
                f'<td colspan="{len(CRITERIA) + 1}" class="muted">not applicable</td></tr>'
            )
            continue
        cells = []
        for c in CRITERIA:
            cr = pr.criteria[c]
            if cr.source == "review":
                extra = (
                    ' <span class="rev" title="set by a reviewer">†</span><br>'
                    f'<span class="pct">rubric: {e(lbl[cr.rubric_rating])} '
                    f"{e(_pct(cr.percent))}</span>"
                )
            else:
                extra = f' <span class="pct">{e(_pct(cr.percent))}</span>'
            cells.append(
                f'<td class="rating" data-criterion="{e(c)}" data-rating="{e(cr.rating)}"'
                f' data-source="{e(cr.source)}"><span class="r r-{e(cr.rating)}"></span>'
                f"{e(lbl[cr.rating])}{extra}</td>"
            )
        prov = '<br><span class="muted small">(provisional)</span>' if pr.level.provisional else ""
        p.append(
            f'<tr data-process="{e(pid)}"><td>{e(pr.name)}</td><td>{dl}</td>{"".join(cells)}'
            f'<td class="level">{e(_level(lo, pr.level.level))}{prov}</td></tr>'
        )
    p.append("</tbody></table>")
    p.append(
        '<p class="small muted">† set by a reviewer (reasons below). Percentages are the '
        "rubric's reading of the answers: not satisfied 0–10, partially &gt;10–50, largely "
        "&gt;50–80, satisfied &gt;80–100. <em>Unassessed</em>: nothing was said about the "
        "criterion.</p></section>"
    )
    # next level
    p.append('<section id="next-level"><h2>To reach the next level</h2>')
    steps = next_steps(lo)
    if steps:
        p.append(
            "<table><thead><tr><th>Process</th><th>Now → next</th><th>Raise</th></tr>"
            "</thead><tbody>"
        )
        for name, lv, nxt, blockers in steps:
            raise_ = "<br>".join(
                f"{e(lo.bank.lexicon.labels[c])}: {e(lbl.get(h, h))} → "
                f"<strong>{e(lbl.get(n, n))}</strong>"
                for c, h, n in blockers
            )
            p.append(
                f'<tr><td>{e(name)}</td><td class="level">{lv} → {nxt} '
                f"{e(lo.bank.model.level(nxt).name)}</td><td>{raise_}</td></tr>"
            )
        p.append("</tbody></table>")
    else:
        p.append("<p>Every process is at the top level.</p>")
    p.append("</section>")
    # per process
    p.append('<section id="evidence"><h2>Evidence and reviews per process</h2>')
    key = " ".join(
        f'<mark class="ev c-{c} positive">{e(lo.bank.lexicon.labels[c])}'
        f"<sup>{e(lo.bank.lexicon.shorts[c])}</sup></mark>"
        for c in CRITERIA
    )
    p.append(
        f'<p class="small">Marked words: {key}; <mark class="ev c-plans_procedures negative">'
        "struck through</mark> shows a criterion missing.</p>"
    )
    items = transcript_items(lo)
    for pid, pr in a.processes.items():
        p.append(
            f'<div class="process" id="p-{e(pid)}"><h3>{e(pr.name)}'
            + (
                f' <span class="muted small">level {e(_level(lo, pr.level.level))}</span>'
                if pr.level
                else ""
            )
            + "</h3>"
        )
        if pr.not_applicable:
            p.append('<p class="muted">Not applicable to this organisation.</p></div>')
            continue
        for c, cr in _overrides(lo, pid):
            r = cr.review
            at = e(_at(lo, r.get("seq")))
            if r.get("action") == "override":
                p.append(
                    f'<div class="override"><strong>Override</strong> — '
                    f"{e(lo.bank.lexicon.labels[c])}: {e(lbl[cr.rubric_rating])} → "
                    f"<strong>{e(lbl[cr.rating])}</strong> by {e(r.get('reviewer'))}"
                    f' <span class="muted small">{at}</span><br>Reason: '
                    f"“{e(r.get('reason'))}”</div>"
                )
            else:
                p.append(
                    f'<div class="accept"><strong>Accepted</strong> — '
                    f"{e(lo.bank.lexicon.labels[c])}: {e(lbl[cr.rating])} by "
                    f'{e(r.get("reviewer"))} <span class="muted small">{at}</span>'
                    + (f"<br>Note: “{e(r.get('reason'))}”" if r.get("reason") else "")
                    + "</div>"
                )
        for it in (i for i in items if i.process == pid):
            if it.piece is None:
                p.append(
                    f'<p class="q">{e(it.question)} <em>({e(it.outcome.replace("_", " "))})'
                    "</em></p>"
                )
                continue
            p.append(
                f'<p class="q">{e(it.question)}</p>'
                f"<blockquote>{_marked_html(it.piece.text, it.evidence, lo)}</blockquote>"
            )
        p.append("</div>")
    p.append("</section>")
    # audit
    log = review_log(lo)
    p.append('<section id="audit"><h2>Audit</h2><table><tbody>')
    for k, v in _audit(lo):
        cls = ' class="hash"' if k == "Audit chain" else ""
        p.append(f"<tr><th>{e(k)}</th><td{cls}>{e(v)}</td></tr>")
    p.append("</tbody></table>")
    if log:
        p.append(
            "<h3>Review trail</h3><table><thead><tr><th>Event</th><th>When</th>"
            "<th>Reviewer</th><th>Decision</th><th>Reason</th></tr></thead><tbody>"
        )
        for r in log:
            if r["type"] == "review_undone":
                what = f"undid event {r['undoes']}"
            elif r.get("action") == "override":
                what = (
                    f"override {r['process']} {lo.bank.lexicon.shorts.get(r['criterion'], '')}"
                    f" → {lbl.get(r.get('rating') or '', r.get('rating'))}"
                )
            else:
                what = f"accept {r['process']} {lo.bank.lexicon.shorts.get(r['criterion'], '')}"
            state = " (undone)" if r["undone"] else ""
            p.append(
                f"<tr><td>{r['seq']}</td><td>{e(str(r['at'])[:19].replace('T', ' '))}</td>"
                f"<td>{e(r.get('reviewer'))}</td><td>{e(what)}{state}</td>"
                f"<td>{e(r.get('reason') or '')}</td></tr>"
            )
        p.append("</tbody></table>")
    p.append("</section>")
    p.append(
        "<footer>Generated by interviewbot from the interview's event log. Every rating is "
        "derived from the recorded words and the review events; the audit chain head above "
        "identifies exactly which log this report reflects.</footer>"
    )
    p.append("</body></html>")
    return "\n".join(p) + "\n"


def _at(lo: Loaded, seq: int | None) -> str:
    for ev in lo.events:
        if ev.seq == seq:
            return ev.at[:19].replace("T", " ")
    return ""
