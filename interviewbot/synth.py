"""Seeded synthetic recordings, for benchmarks and fault tests: every process of the bank, answers
composed from plain sentences that speak to the criteria (affirmed, negated, hedged, planned),
now and then a skipped question, a probe answer or a review. Same seed, same recordings."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .core.model import CRITERIA, Bank
from .recording import FORMAT

SENTENCES = [
    "We have a documented procedure for this and everyone follows it.",
    "Unfortunately, there is no formal plan, but there are implemented activities.",
    "The process owner is responsible for it and reports monthly to management.",
    "Partly, in some cases the team lead decides.",
    "We plan to introduce a tool next year.",
    "We used to have no plan; now we do.",
    "Not only monthly reports but also a customer survey.",
    "Users are informed through the intranet and a newsletter.",
    "There is no CMDB, but the assets are tracked in a spreadsheet.",
    "The service desk is the single point of contact for all users.",
    "Each incident is categorised and prioritised in the tool.",
    "We measure resolution times and review them every quarter to improve.",
    "Nobody is really in charge of that.",
    "It is handled ad hoc, when something goes wrong.",
    "Roles and responsibilities are defined in the policy.",
    "We do not measure it at all.",
    "Yes.",
    "No, not really.",
    "The change advisory board meets weekly and assesses every change for risk.",
    "An improvement plan exists and is followed up by the quality manager.",
]
NAMES = ["A. Owner", "B. Lindqvist", "C. Okafor", "D. Marín", "E. Nakamura", "F. Dvořák"]
ROLES = ["Service desk lead", "IT operations manager", "CIO", "Process owner"]
ORGS = ["Example Ltd", "Corvid Freight", "Harbour Bank", "Pinecrest Schools"]


def recording(bank: Bank, rng: random.Random, n: int) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    for proc in bank.processes:
        for q in proc.questions:
            roll = rng.random()
            if roll < 0.05:
                answers.append({"question": q.id, "skipped": True})
                continue
            k = rng.randint(1, 3)
            answers.append({"question": q.id, "text": " ".join(rng.sample(SENTENCES, k))})
        if rng.random() < 0.3:
            crit = rng.choice(CRITERIA)
            answers.append({"probe": f"{proc.id}.{crit}", "text": rng.choice(SENTENCES)})
    doc: dict[str, Any] = {
        "format": FORMAT,
        "bank": bank.id,
        "respondent": {
            "name": f"{rng.choice(NAMES)} #{n}",
            "role": rng.choice(ROLES),
            "organisation": rng.choice(ORGS),
        },
        "answers": answers,
    }
    if rng.random() < 0.1:
        doc["reviews"] = [
            {
                "process": bank.processes[0].id,
                "criterion": rng.choice(CRITERIA),
                "rating": rng.choice(["partially", "largely"]),
                "reviewer": "C. Onsultant",
                "reason": "checked the documents",
            }
        ]
    return doc


def recordings(bank: Bank, n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(n):
        yield recording(bank, rng, i)


def write_jsonl(bank: Bank, path: Path, n: int, seed: int = 0) -> Path:
    """n recordings, one per line; streamed, so n can be large."""
    with path.open("w", encoding="utf-8") as f:
        for doc in recordings(bank, n, seed):
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path
