"""`interviewbot explain`: one answer's evidence with its spans marked, and what it leads to."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from .core.classify import classify, implied, percents
from .core.model import CRITERIA, UNASSESSED, Bank, Question
from .core.scoring import rating_for
from .report import RATING_STYLE, evidence_json
from .safe_text import visible

CRITERION_STYLE = {
    "awareness_communication": "bold blue",
    "responsibility": "bold magenta",
    "plans_procedures": "bold green",
    "measurement_improvement": "bold yellow",
}


class ExplainError(ValueError):
    """A question or process that cannot be used, said in the option's words."""


def resolve(bank: Bank, qid: str | None, pid: str | None) -> tuple[Question | None, str | None]:
    ids = [q.id for p in bank.processes for q in p.questions]
    q = None
    if qid is not None:
        try:
            q = bank.question(qid)
        except KeyError:
            raise ExplainError(
                f"--question {qid!r}: no such question (ids look like {', '.join(ids[:3])}, ...;"
                " `interviewbot bank check` lists the bank)"
            ) from None
    if pid is not None:
        try:
            bank.process(pid)
        except KeyError:
            known = ", ".join(p.id for p in bank.processes)
            raise ExplainError(f"--process {pid!r}: no such process (one of {known})") from None
        if q is not None and q.process != pid:
            raise ExplainError(
                f"--question {q.id} belongs to {q.process}, not to --process {pid}; give one of them"
            )
    return q, pid or (q.process if q else None)


def explain(
    bank: Bank, text: str, qid: str | None, pid: str | None, fmt: str, console: Console
) -> None:
    q, process = resolve(bank, qid, pid)
    found = classify(bank, text, process, q)
    pct = percents(bank, found)
    # awareness shown by the other criteria's evidence counts too, so it is listed
    ev = (*found, *implied(bank, found))
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
    if process:
        console.print(Text(f"process: {bank.process(process).name} ({process})", style="dim"))
    else:
        console.print(
            Text("process: none given (process-specific phrases not counted)", style="dim")
        )
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
