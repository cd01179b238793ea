"""`interviewbot explain`: one answer's evidence with its spans marked, and what it leads to."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from .core.classify import classify, percents
from .core.model import CRITERIA, UNASSESSED, Bank
from .core.scoring import rating_for
from .report import RATING_STYLE, evidence_json
from .safe_text import visible

CRITERION_STYLE = {
    "awareness_communication": "bold blue",
    "responsibility": "bold magenta",
    "plans_procedures": "bold green",
    "measurement_improvement": "bold yellow",
}


def explain(
    bank: Bank, text: str, qid: str | None, pid: str | None, fmt: str, console: Console
) -> None:
    q = bank.question(qid) if qid else None
    process = pid or (q.process if q else None)
    if process is not None:
        bank.process(process)
    ev = classify(bank, text, process, q)
    pct = percents(bank, ev)
    ratings = {
        c: (rating_for(p, bank.model).value if p is not None else UNASSESSED)
        for c, p in pct.items()
    }
    if fmt == "json":
        console.print_json(
            json.dumps(
                {
                    "text": text,
                    "question": qid,
                    "process": process,
                    "evidence": [{"criterion": e.criterion, **evidence_json(e)} for e in ev],
                    "criteria": {c: {"percent": pct[c], "rating": ratings[c]} for c in CRITERIA},
                },
                ensure_ascii=False,
            )
        )
        return
    marked = Text(visible(text))  # same length: spans still fit; controls shown, not obeyed
    for e in ev:
        marked.stylize(
            CRITERION_STYLE[e.criterion]
            + (" strike" if e.polarity == "negative" else " underline"),
            e.start,
            e.end,
        )
        if e.trigger_start is not None:
            marked.stylize("italic reverse", e.trigger_start, e.trigger_end)
    console.print(Text("answer: ", style="dim") + marked)
    if q:
        console.print(Text(f"read against {q.id}: {q.text}", style="dim"))
    console.print()
    if not ev:
        console.print(Text("no evidence: the answer says nothing the rubric knows about"))
    for e in ev:
        line = Text("  ")
        line.append(f"{bank.lexicon.shorts[e.criterion]:<4}", style=CRITERION_STYLE[e.criterion])
        line.append(f" {'+' if e.polarity == 'positive' else '-'}{e.strength:.2f}  ")
        line.append(visible(e.text))
        line.append(f"  [{e.start}:{e.end}]  {e.family} / {e.rule}", style="dim")
        if e.trigger:
            line.append(f"  trigger: {e.trigger!r}", style="dim")
        console.print(line)
    console.print()
    for c in CRITERIA:
        p = pct[c]
        r = ratings[c]
        line = Text(f"  {bank.lexicon.labels[c]:<28} ")
        line.append(f"{'—' if p is None else f'{p:.0f}%':>5}  ")
        line.append(r, style=RATING_STYLE[r])
        console.print(line)
