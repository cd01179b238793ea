"""Answer text -> evidence -> a percent per criterion. Pure.

One automaton holds every lexicon phrase and every context trigger; one leftmost-longest pass over
an answer finds them all (so "not only" wins over "not", "we plan to" over "plan"). Scopes follow
NegEx/ConText: a trigger reaches at most `window` words and stops at a terminator or sentence end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from .bank import normalise_phrase
from .model import CRITERIA, TRIGGER_LISTS, Bank, Context, Lexicon, Question

CLASSIFIER_VERSION = "rubric-1.0"

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*|\n\s*\n|[^\w\s]", re.UNICODE)
_SENTENCE_END = frozenset({".", "!", "?", ";"})


@dataclass(frozen=True)
class Evidence:
    """One reading of words in an answer: what they show about a criterion, and why."""

    criterion: str
    text: str  # the matched words, exactly as typed
    start: int  # span in the answer
    end: int
    polarity: str  # "positive" (shows the criterion) or "negative" (shows it missing)
    strength: float  # what this item counts, after hedges and weights
    family: str
    rule: str  # phrase, hedge, negation, post-negation, double-negation, future, past, ...
    trigger: str | None = None  # the context words that changed the reading
    trigger_start: int | None = None
    trigger_end: int | None = None
    source: str | None = None  # the question or probe id the answer belongs to
    event: int | None = None  # the seq of the answer event whose text holds the span

    def at(self, source: str, event: int | None = None) -> Evidence:
        # the same fields with two set, without a frozen dataclass's slow __init__ (this runs for
        # every piece of evidence of every answer replayed)
        e = object.__new__(Evidence)
        e.__dict__.update(self.__dict__, source=source, event=event)
        return e


class _Tok(NamedTuple):  # a tuple, not a frozen dataclass: made for every word, so cheap
    norm: str
    start: int
    end: int


class _Match(NamedTuple):
    i: int  # first token
    j: int  # one past the last token
    key: str


@dataclass(frozen=True)
class Matcher:
    """The compiled lexicon of one bank: the automaton and what each key means."""

    automaton: object
    roles: Mapping[str, tuple[tuple[str, object], ...]]  # key -> ((kind, payload), ...)
    lexicon: Lexicon


# Terminal escape sequences pasted with an answer ("\x1b[31mSLA\x1b[0m") are not words: blanked
# (same length, so spans still point into the text as typed) before the words are found.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def tokenize(text: str) -> list[_Tok]:
    toks = []
    if "\x1b" in text:
        text = _ESCAPE.sub(lambda m: " " * len(m.group()), text)
    for m in _TOKEN.finditer(text):
        s = m.group()
        norm = "." if s.startswith("\n") else s.replace("\u2019", "'").lower()
        toks.append(_Tok(norm, m.start(), m.end()))
    return toks


def _key(words: Iterable[str]) -> str:
    return " " + "  ".join(words) + " "


_MATCHERS: dict[int, tuple[Lexicon, Matcher]] = {}


def matcher_for(lexicon: Lexicon) -> Matcher:
    """Compiled once per lexicon object (a memo, not state: the result is a pure function)."""
    hit = _MATCHERS.get(id(lexicon))
    if hit is not None and hit[0] is lexicon:
        return hit[1]
    m = _compile(lexicon)
    _MATCHERS[id(lexicon)] = (lexicon, m)
    return m


def _compile(lexicon: Lexicon) -> Matcher:
    roles: dict[str, list[tuple[str, object]]] = {}

    def add(phrase: str, kind: str, payload: object) -> None:
        k = _key(t.norm for t in tokenize(phrase))
        roles.setdefault(k, []).append((kind, payload))

    for fam in lexicon.families:
        for ph in fam.phrases:
            add(ph, "phrase", fam)
    ctx = lexicon.context
    for kind in TRIGGER_LISTS:
        for ph in getattr(ctx, kind):
            add(ph, kind, ph)
    for ph, factor in ctx.hedges.items():
        add(ph, "hedge", factor)
    auto = ahocorasick.Automaton()
    for k in roles:
        auto.add_word(k, k)
    auto.make_automaton()
    return Matcher(auto, {k: tuple(v) for k, v in roles.items()}, lexicon)


def find(matcher: Matcher, toks: list[_Tok]) -> list[_Match]:
    """Every lexicon and trigger key in one leftmost-longest pass, as token ranges."""
    if not toks:
        return []
    starts: dict[int, int] = {}
    parts, pos = [], 1
    for n, t in enumerate(toks):
        starts[pos] = n
        parts.append(t.norm)
        pos += len(t.norm) + 2
    norm = _key(parts)
    out = []
    for end, key in matcher.automaton.iter_long(norm):  # type: ignore[attr-defined]
        first = starts[end - len(key) + 2]
        out.append(_Match(first, first + key.count("  ") + 1, key))
    return out


def _text(toks: list[_Tok], m: _Match | None) -> str:
    return " ".join(t.norm for t in toks[m.i : m.j]) if m is not None else ""


def _opens_clause(toks: list[_Tok], m: _Match, conjunction_only: frozenset[str]) -> bool:
    """Terminators that are also adverbs ("yet": "no CMDB, yet the activities run", but "we
    don't do yet") end a scope only where they open a clause."""
    if _text(toks, m) not in conjunction_only or m.i == 0:
        return True
    before = toks[m.i - 1].norm
    return not before[0].isalnum() or before in ("and", "but")


def _kinds(matcher: Matcher, m: _Match) -> set[str]:
    return {kind for kind, _ in matcher.roles[m.key]}


def classify(
    bank: Bank, text: str, process: str | None = None, question: Question | None = None
) -> tuple[Evidence, ...]:
    """Every piece of evidence in one answer, read in its process and against its question."""
    if not isinstance(text, str):
        raise TypeError(f"an answer is a text, not {type(text).__name__}")
    if question is not None and process is None:
        process = question.process
    # A memo, not state (the result is a pure function of its key): the engine reads an answer
    # to decide on follow-ups and the assessment reads it again; replay does both per answer.
    key = (id(bank), text, process, question.id if question else None)
    hit = _READ.get(key)
    if hit is not None and hit[0] is bank:
        return hit[1]
    matcher = matcher_for(bank.lexicon)
    toks = tokenize(text)
    ev = read(bank, matcher, text, toks, find(matcher, toks), process, question)
    if len(_READ) >= _READ_SIZE:
        _READ.pop(next(iter(_READ)))  # the oldest first: a replay never comes back to it
    _READ[key] = (bank, ev)
    return ev


_READ: dict[tuple[int, str, str | None, str | None], tuple[Bank, tuple[Evidence, ...]]] = {}
_READ_SIZE = 512


def read(
    bank: Bank,
    matcher: Matcher,
    text: str,
    toks: list[_Tok],
    matches: list[_Match],
    process: str | None,
    question: Question | None,
) -> tuple[Evidence, ...]:
    """The context rules over the found phrases and triggers (separate from finding them, so a
    benchmark can swap the finder and check both give the same evidence)."""
    ctx = bank.lexicon.context
    words = ctx.words
    n = len(toks)

    # Clause boundaries: sentence ends, terminators and present markers end every scope.
    boundary = [t.norm in _SENTENCE_END for t in toks]
    # A comma before a new subject starts a new clause: "We have no SLA, we have an OLA."
    for k in range(n - 1):
        if toks[k].norm == "," and toks[k + 1].norm in words["subjects"]:
            boundary[k] = True
    by_kind: dict[str, list[_Match]] = {}
    for m in matches:
        for kind in _kinds(matcher, m):
            by_kind.setdefault(kind, []).append(m)
        if _kinds(matcher, m) & {"terminators", "present"} and _opens_clause(
            toks, m, words["conjunction_only"]
        ):
            boundary[m.i] = True
    clause_start = [0] * (n + 1)
    last = 0
    for k in range(n):
        if boundary[k]:
            last = k + 1
        clause_start[k] = last
    clause_end = [n] * (n + 1)
    nxt = n
    for k in range(n - 1, -1, -1):
        if boundary[k]:
            nxt = k
        clause_end[k] = nxt
    sentence_of = []
    s = 0
    for k in range(n):
        sentence_of.append(s)
        if toks[k].norm in _SENTENCE_END:
            s += 1

    phrases = by_kind.get("phrase", [])
    phrase_starts = sorted(m.i for m in phrases)
    w = ctx.window

    def span(m: _Match) -> tuple[str, int, int]:
        a, b = toks[m.i].start, toks[m.j - 1].end
        return text[a:b], a, b

    def phrase_between(a: int, b: int) -> bool:
        return any(a <= p < b for p in phrase_starts)

    def criteria_of(p: _Match) -> set[str]:
        return {fam.criterion for kind, fam in matcher.roles[p.key] if kind == "phrase"}  # type: ignore[union-attr]

    def punctuation_between(a: int, b: int) -> bool:
        return any(not toks[k].norm[0].isalnum() for k in range(a, b))

    def fronted_denial(m: _Match) -> _Match | None:
        """The object said first, then denied: "Satisfaction we don't ask", "Failover we never
        tested" (a pronoun, then the negation), or a clause that ends in a bare "no" ("Capacity
        plan in one document, no."). "The CMDB does not cover X" is a subject, not fronted."""
        lo, hi = clause_start[m.i], clause_end[m.j - 1]
        if lo > 0 and toks[lo - 1].norm not in _SENTENCE_END:
            return None  # a clause opened by "whether", "but", ...: not a fronted object
        for t in by_kind.get("negation_pre", ()):
            if not (m.j <= t.i and t.j <= hi and t.i - m.j <= w):
                continue
            if t.j == hi or (t.j < n and toks[t.j].norm in _SENTENCE_END):
                return t  # a clause that ends in its denial
            fronted = m.i - lo <= 2 and not phrase_between(m.j, t.i)
            pronouns = words["pronouns"]
            pronoun = toks[t.i - 1].norm in pronouns or _text(toks, t).split()[0] in pronouns
            if fronted and pronoun:
                return t
        return None

    def standalone(t: _Match) -> bool:
        """A trigger right before punctuation answers on its own ("No, we have a plan")."""
        return t.j < n and not toks[t.j].norm[0].isalnum()

    def nearest_before(kind: str, m: _Match, lo: int, limit: int) -> _Match | None:
        best = None
        for t in by_kind.get(kind, ()):
            if t.j <= m.i and t.i >= lo and m.i - t.j <= limit and not standalone(t):
                if best is None or t.j > best.j:
                    best = t
        return best

    def nearest_around(kind: str, m: _Match) -> _Match | None:
        lo, hi = clause_start[m.i], clause_end[m.j - 1]
        best, dist = None, w + 1
        for t in by_kind.get(kind, ()):
            if t.i >= lo and t.j <= hi:
                d = m.i - t.j if t.j <= m.i else t.i - m.j if t.i >= m.j else -1
                if 0 <= d < dist:
                    best, dist = t, d
        return best

    # An answer that opens with a hedged sentence and nothing else ("Partly.", "Yes, to a certain
    # extent.", "Some of them.") hedges everything it then says.
    opener = None
    first_end = next((k for k in range(n) if toks[k].norm in _SENTENCE_END), n)
    if not any(p.i < first_end for p in phrases):
        opener = next((h for h in by_kind.get("hedge", ()) if h.j <= first_end), None)

    out: list[Evidence] = []
    for m in phrases:
        lo = clause_start[m.i]
        pre = nearest_before("negation_pre", m, lo, w)
        if pre is not None and _text(toks, pre) in words["negated_subjects"]:
            # "Nobody owns the SLA": the owning is denied, not the SLA; "nobody owns change
            # approval": both are responsibility, both denied
            first = next(p for p in phrases if p.i >= pre.j)
            if first is not m and not criteria_of(first) & criteria_of(m):
                pre = None
        negations = 0
        rule, trig = "phrase", None
        if pre is not None:
            negations, trig, rule = 1, pre, "negation"
            outer = nearest_before("negation_pre", pre, lo, w)
            correlative = {_text(toks, outer), _text(toks, pre)} == {"neither", "nor"}
            if (
                outer is not None
                and not correlative
                and not phrase_between(outer.j, pre.i)
                and not punctuation_between(outer.j, pre.i)  # "no tickets, so no numbers"
            ):
                negations, rule = 2, "double-negation"
        else:
            hi = clause_end[m.j - 1]
            for t in by_kind.get("negation_post", ()):
                if t.i >= m.j and t.j <= hi and t.i - m.j <= max(1, w // 2):
                    if not phrase_between(m.j, t.i):
                        negations, trig, rule = 1, t, "post-negation"
                        break
            if not negations:
                t = fronted_denial(m)
                if t is not None:
                    negations, trig, rule = 1, t, "fronted-negation"
        future = nearest_around("future", m)
        past = nearest_around("past", m)
        present = None
        if past is not None:
            sent = sentence_of[m.i]
            for t in by_kind.get("present", ()):
                if t.i >= m.j and sentence_of[t.i] <= sent + 1:
                    present = t
                    break
        hedge = nearest_around("hedge", m) or opener
        factor = dict(matcher.roles[hedge.key])["hedge"] if hedge else 1.0  # type: ignore[assignment]
        phrase_text, a, b = span(m)
        for kind, fam in matcher.roles[m.key]:
            if kind != "phrase":
                continue
            base = fam.strength_in(process)  # type: ignore[union-attr]
            if base is None:
                continue
            negated = negations % 2 == 1
            if present is not None:
                pol, strength, r, t = "positive", base, "present-ellipsis", present
            elif future is not None:
                pol, strength, r, t = "negative", base * ctx.future_weight, "future", future
            elif past is not None:
                if negated:  # "we used to have no plan": says nothing about today
                    continue
                pol, strength, r, t = "negative", base * ctx.past_weight, "past", past
            elif negated:
                pol, strength, r, t = "negative", base, rule, trig
            else:
                pol, strength, r, t = "positive", base * factor, rule, trig
                if factor < 1.0:
                    r, t = "hedge", hedge
            ts = span(t) if t is not None else (None, None, None)
            out.append(
                Evidence(
                    criterion=fam.criterion,  # type: ignore[union-attr]
                    text=phrase_text,
                    start=a,
                    end=b,
                    polarity=pol,
                    strength=round(strength, 4),
                    family=fam.name,  # type: ignore[union-attr]
                    rule=r,
                    trigger=ts[0],
                    trigger_start=ts[1],
                    trigger_end=ts[2],
                )
            )
    if question is not None:
        f = dict(matcher.roles[opener.key])["hedge"] if opener is not None else 1.0
        out.extend(_reply(bank, text, toks, question, f))  # type: ignore[arg-type]
    return tuple(out)


def _reply(
    bank: Bank, text: str, toks: list[_Tok], q: Question, hedge: float = 1.0
) -> list[Evidence]:
    """A bare "Yes." / "No." / "Partly." answers the question's own focus."""
    first: list[_Tok] = []
    for t in toks:
        if not (t.norm[0].isalnum()):
            break
        first.append(t)
    if not first:
        return []
    said = " ".join(t.norm for t in first)
    replies = bank.lexicon.context.replies
    kind = next((k for k in ("no", "partly", "yes") if said in replies[k]), None)
    if kind is None:
        return []
    a, b = first[0].start, first[-1].end
    items = []
    for crit, strength in q.focus.items():
        pol = "negative" if kind == "no" else "positive"
        s = strength * (bank.lexicon.context.hedges.get("partly", 0.5) if kind == "partly" else 1)
        if pol == "positive":
            s *= hedge  # "Yes, to a certain extent."
        items.append(Evidence(crit, text[a:b], a, b, pol, round(s, 4), "reply", f"reply-{kind}"))
    return items


def noisy_or(strengths: Iterable[float]) -> float:
    p = 1.0
    for s in strengths:
        p *= 1.0 - s
    return 1.0 - p


def counted(evidence: Iterable[Evidence]) -> list[Evidence]:
    """The items that count: per criterion, family and polarity, the strongest one.

    Repeating a word does not corroborate it; evidence of another kind does."""
    best: dict[tuple[str, str, str], Evidence] = {}
    for e in evidence:
        k = (e.criterion, e.family, e.polarity)
        if k not in best or e.strength > best[k].strength:
            best[k] = e
    return list(best.values())


AWARENESS = "awareness_communication"


def implied(bank: Bank, evidence: Iterable[Evidence]) -> list[Evidence]:
    """Awareness shown by practice: per other criterion, its strongest positive item counts for
    awareness and communication at a fraction (a process with named owners, procedures or
    measures is one its people know about), and so does a flat "No." to one of the process's
    questions, against it (that part of the practice is missing). A denial of one artefact ("there
    is no OLA") is not carried over: it does not show that nobody knows about service levels.
    Kept as evidence items, so they are explained."""
    w = bank.lexicon.context.implied_awareness
    best: dict[tuple[str, str], Evidence] = {}
    for e in evidence:
        k = (e.criterion, e.polarity)
        practice = e.polarity == "positive" and e.family != "reply"
        flat_no = e.polarity == "negative" and e.family == "reply"
        if e.criterion != AWARENESS and (practice or flat_no):
            if k not in best or e.strength > best[k].strength:
                best[k] = e
    return [
        Evidence(
            **{
                **e.__dict__,
                "criterion": AWARENESS,
                "strength": round(e.strength * w, 4),
                "family": f"implied-by-{e.criterion}",
                "rule": "implied-awareness",
            }
        )
        for e in best.values()
        if w > 0
    ]


def gap(ctx: Context, e: Evidence) -> float:
    """What a hedged mention says is missing: "partly documented" is documented in part and
    undocumented in the rest, so a hedge both weakens the item and counts its remainder against
    the criterion (a gap next to strong evidence is what keeps it from satisfied)."""
    factor = ctx.hedges.get(normalise_phrase(e.trigger or ""))
    if not factor:
        return 0.0
    return min(1.0, e.strength * (1.0 - factor) / factor)


PROCESS_ITSELF = frozenset({"established", "known"})


def denies_process(e: Evidence) -> bool:
    return e.rule == "reply-no" or e.family in PROCESS_ITSELF


def percent(bank: Bank, evidence: Iterable[Evidence], *, ceiling: bool = True) -> float | None:
    """A criterion's achievement from its evidence; None where nothing speaks to it.

    `ceiling=False` reads the evidence alone, without the criterion's structural ceiling (what
    one sentence says, rather than how far a process meets the criterion)."""
    items = counted(evidence)
    if not items:
        return None
    ctx = bank.lexicon.context
    criterion = items[0].criterion
    pos = noisy_or(e.strength for e in items if e.polarity == "positive")
    against = [e for e in items if e.polarity == "negative"]
    gaps = [gap(ctx, e) for e in items if e.polarity == "positive" and e.rule == "hedge"]
    if criterion == AWARENESS:
        # Denying the process itself ("No." to "Is it implemented?", "not implemented", "nobody
        # knows") weighs in full; denying one artefact or step of it weighs less.
        whole = [e.strength for e in against if denies_process(e)]
        part = [e.strength for e in against if not denies_process(e)] + gaps
        pct = 100.0 * pos * (1.0 - ctx.negative_weight * noisy_or(whole))
        pct *= 1.0 - ctx.negative_awareness * noisy_or(part)
    else:
        pct = (
            100.0
            * pos
            * (1.0 - ctx.negative_weight * noisy_or([e.strength for e in against] + gaps))
        )
    cap = bank.lexicon.ceilings.get(criterion) if ceiling else None
    if cap is not None and not any(
        e.family in cap.unless and e.polarity == "positive" for e in items
    ):
        pct = min(pct, cap.percent)
    return round(pct, 2)


def percents(
    bank: Bank, evidence: Iterable[Evidence], *, ceiling: bool = True
) -> dict[str, float | None]:
    ev = list(evidence)
    ev += implied(bank, ev)
    return {
        c: percent(bank, [e for e in ev if e.criterion == c], ceiling=ceiling) for c in CRITERIA
    }
