"""Load and validate a question bank (questionnaire, lexicon, maturity model) into frozen objects.

Errors are SourceError values naming file, line and field; nothing half-loaded escapes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .model import (
    CRITERIA,
    TRIGGER_LISTS,
    WORD_CLASSES,
    Band,
    Bank,
    Ceiling,
    Context,
    Family,
    Level,
    Lexicon,
    MaturityModel,
    Process,
    Question,
    Rating,
    frozen_map,
)
from .yamlsrc import Cursor, SourceError, parse_yaml

BANKS_DIR = Path(__file__).resolve().parents[2] / "question_bank"
DEFAULT_BANK = "itil-crm"
AGGREGATES = ("median_low", "median", "mean", "min")


def resolve_bank_path(spec: str | Path | None) -> Path:
    """A bank id (under question_bank/), a bank folder, or a bank.yaml file."""
    if spec is None:
        spec = DEFAULT_BANK
    p = Path(spec)
    if p.is_file():
        return p
    if p.is_dir():
        return p / "bank.yaml"
    if (BANKS_DIR / str(spec) / "bank.yaml").is_file():
        return BANKS_DIR / str(spec) / "bank.yaml"
    raise SourceError(str(spec), None, None, "no such bank (give a bank id, folder or bank.yaml)")


def load_bank(spec: str | Path | None = None) -> Bank:
    path = resolve_bank_path(spec)
    texts: dict[str, str] = {}

    def read(p: Path) -> Cursor:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise SourceError(str(p), None, None, f"cannot read: {e}") from None
        texts[p.name] = text
        doc = Cursor(str(p), parse_yaml(text, str(p)), "", 1)
        if not isinstance(doc.value, dict):
            raise doc.error("expected a mapping at the top of the file")
        return doc

    root = read(path)
    root.check_keys(
        {
            "format",
            "id",
            "version",
            "title",
            "source",
            "lexicon",
            "model",
            "decision_levels",
            "processes",
        }
    )
    _expect_format(root, "interviewbot/bank@1")
    lex_file = path.parent / root.get("lexicon").str()
    model_file = path.parent / root.get("model").str()
    lexicon = parse_lexicon(read(lex_file))
    model = parse_model(read(model_file))
    decision_levels = {k: c.str() for k, c in root.get("decision_levels").items()}
    if not decision_levels:
        raise root.get("decision_levels").error("at least one decision level is needed")
    processes = tuple(
        _parse_process(c, decision_levels, lexicon) for c in root.get("processes").seq()
    )
    seen: set[str] = set()
    for c, p in zip(root.get("processes").seq(), processes):
        if p.id in seen:
            raise c.get("id").error(f"duplicate process id '{p.id}'")
        seen.add(p.id)
    if not processes:
        raise root.get("processes").error("a bank needs at least one process")
    for fam in lexicon.families:
        for pid in (fam.only or set()) | set(fam.processes):
            if pid not in seen:
                raise SourceError(
                    str(lex_file),
                    None,
                    f"criteria.{fam.criterion}.{fam.name}",
                    f"names unknown process '{pid}'",
                )
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    return Bank(
        id=root.get("id").str(),
        version=str(root.get("version").value),
        title=root.get("title").str(),
        decision_levels=frozen_map(decision_levels),
        processes=processes,
        lexicon=lexicon,
        model=model,
        hash=digest.hexdigest(),
        path=str(path.parent),
    )


def _expect_format(doc: Cursor, fmt: str) -> None:
    got = doc.get("format").value
    if got != fmt:
        raise doc.get("format").error(f"expected '{fmt}', got {got!r}")


def _criterion(c: Cursor, name: str | None = None) -> str:
    v = name if name is not None else c.str()
    if v not in CRITERIA:
        raise c.error(f"unknown criterion '{v}' (expected one of: {', '.join(CRITERIA)})")
    return v


def _rating(c: Cursor) -> Rating:
    try:
        return Rating(c.value)
    except ValueError:
        raise c.error(
            f"unknown rating {c.value!r} (expected one of: {', '.join(r.value for r in Rating)})"
        ) from None


def _parse_process(c: Cursor, decision_levels: dict[str, str], lexicon: Lexicon) -> Process:
    c.check_keys({"id", "name", "decision_level", "questions", "followups"})
    pid = c.get("id").str()
    if not pid.isidentifier():
        raise c.get("id").error("a process id is a lower-case word like 'slm' or 'service_desk'")
    dl = c.get("decision_level")
    if dl.value not in decision_levels:
        raise dl.error(
            f"unknown decision level {dl.value!r} (expected one of: {', '.join(decision_levels)})"
        )
    questions = []
    for n, qc in enumerate(c.get("questions").seq(), start=1):
        qc.check_keys({"text", "probes", "focus"})
        probes = tuple(_criterion(x) for x in qc.get("probes", []).seq())
        focus = {_criterion(v, k): v.num(0.0, 1.0) for k, v in qc.get("focus", {}).items()}
        questions.append(
            Question(f"{pid}.{n}", pid, n, qc.get("text").str(), probes, frozen_map(focus))
        )
    if not questions:
        raise c.get("questions").error("a process needs at least one question")
    fu = c.get("followups")
    followups = {_criterion(v, k): v.str() for k, v in fu.items()}
    missing = [k for k in CRITERIA if k not in followups]
    if missing:
        raise fu.error(f"a follow-up probe is missing for: {', '.join(missing)}")
    return Process(pid, c.get("name").str(), str(dl.value), tuple(questions), frozen_map(followups))


def parse_lexicon(doc: Cursor) -> Lexicon:
    doc.check_keys({"format", "version", "criteria", "context"})
    _expect_format(doc, "interviewbot/lexicon@1")
    crit = doc.get("criteria")
    labels, shorts, families, ceilings = {}, {}, [], {}
    for name, cc in crit.items():
        _criterion(cc, name)
        cc.check_keys({"label", "short", "families", "ceiling"})
        labels[name] = cc.get("label").str()
        shorts[name] = cc.get("short").str()
        owner: dict[str, str] = {}
        for fc in cc.get("families").seq():
            fc.check_keys({"name", "why", "strength", "phrases", "only", "processes"})
            fam_name = fc.get("name").str()
            phrases = []
            for pc in fc.get("phrases").seq():
                ph = normalise_phrase(pc.str())
                if ph in owner:
                    raise pc.error(f"phrase '{ph}' is already in family '{owner[ph]}' of {name}")
                owner[ph] = fam_name
                phrases.append(ph)
            only = fc.get("only", None)
            procs = {k: v.num(0.01, 1.0) for k, v in fc.get("processes", {}).items()}
            families.append(
                Family(
                    criterion=name,
                    name=fam_name,
                    why=fc.get("why").str(),
                    strength=fc.get("strength").num(0.01, 1.0),
                    phrases=tuple(phrases),
                    only=frozenset(only.strs()) if only.value is not None else None,
                    processes=frozen_map(procs),
                )
            )
        if cc.has("ceiling"):
            ce = cc.get("ceiling")
            ce.check_keys({"percent", "unless", "why"})
            unless = ce.get("unless").strs()
            known = {f.name for f in families if f.criterion == name}
            for u in ce.get("unless").seq():
                if u.value not in known:
                    raise u.error(f"no family '{u.value}' in {name}")
            ceilings[name] = Ceiling(
                ce.get("percent").num(0, 100), frozenset(unless), ce.get("why").str()
            )
    missing = [k for k in CRITERIA if k not in labels]
    if missing:
        raise crit.error(f"the lexicon has no phrases for: {', '.join(missing)}")
    return Lexicon(
        version=str(doc.get("version").value),
        labels=frozen_map(labels),
        shorts=frozen_map(shorts),
        families=tuple(families),
        context=_parse_context(doc.get("context")),
        ceilings=frozen_map(ceilings),
    )


def _parse_context(c: Cursor) -> Context:
    keys = {
        "window",
        "negation_pre",
        "negation_post",
        "pseudo_negation",
        "terminators",
        "hedges",
        "future",
        "past",
        "present",
        "weights",
        "replies",
        "words",
    }
    c.check_keys(keys)
    lists = {k: tuple(normalise_phrase(x) for x in c.get(k).strs()) for k in TRIGGER_LISTS}
    hedges = {normalise_phrase(k): v.num(0.0, 1.0) for k, v in c.get("hedges").items()}
    # A phrase may both pre- and post-negate ("nobody owns it", "owner: nobody"); any other
    # trigger in two kinds would make its reading depend on load order.
    kinds: dict[str, str] = {}
    for kind, phrases in [*lists.items(), ("hedges", tuple(hedges))]:
        for ph in phrases:
            prev = kinds.get(ph)
            if prev and {prev, kind} != {"negation_pre", "negation_post"}:
                raise c.get(kind).error(f"trigger '{ph}' is also in {prev}")
            kinds[ph] = kind
    w = c.get("weights")
    w.check_keys({"negative", "negative_awareness", "future", "past", "implied_awareness"})
    r = c.get("replies")
    r.check_keys({"yes", "no", "partly"})
    wc = c.get("words")
    wc.check_keys(set(WORD_CLASSES))
    words = {k: frozenset(normalise_phrase(x) for x in wc.get(k).strs()) for k in WORD_CLASSES}
    return Context(
        window=int(c.get("window").num(1, 50)),
        hedges=frozen_map(hedges),
        negative_weight=w.get("negative").num(0.0, 1.0),
        negative_awareness=w.get("negative_awareness").num(0.0, 1.0),
        future_weight=w.get("future").num(0.0, 1.0),
        implied_awareness=w.get("implied_awareness").num(0.0, 1.0),
        past_weight=w.get("past").num(0.0, 1.0),
        words=frozen_map(words),
        replies=frozen_map(
            {
                k: tuple(normalise_phrase(x) for x in r.get(k).strs())
                for k in ("yes", "no", "partly")
            }
        ),
        **lists,
    )


def parse_model(doc: Cursor) -> MaturityModel:
    doc.check_keys({"format", "id", "scale", "levels", "aggregate"})
    _expect_format(doc, "interviewbot/maturity@1")
    bands = []
    prev = 0.0
    for bc in doc.get("scale").seq():
        bc.check_keys({"rating", "label", "upto"})
        upto = bc.get("upto").num(0, 100)
        if upto <= prev and bands:
            raise bc.get("upto").error("bands must rise")
        prev = upto
        bands.append(Band(_rating(bc.get("rating")), bc.get("label").str(), upto))
    if [b.rating for b in bands] != list(Rating) or bands[-1].upto != 100:
        raise doc.get("scale").error(
            "the scale needs one band per rating, in order, the last one up to 100"
        )
    levels: list[Level] = []
    for i, lc in enumerate(doc.get("levels").seq()):
        lc.check_keys({"level", "name", "minimum"})
        n = lc.get("level").num(0, 99)
        if int(n) != i:
            raise lc.get("level").error(f"levels must be 0, 1, 2, ... in order: expected {i}")
        minimum = {_criterion(v, k): _rating(v) for k, v in lc.get("minimum", {}).items()}
        if i == 0 and minimum:
            raise lc.get("minimum").error("level 0 is what is left: it has no minimum")
        if i > 0:
            if not minimum:
                raise lc.get("minimum", {}).error(f"level {i} needs a minimum")
            prev_min = levels[-1].minimum
            for c, need in prev_min.items():  # a level asks at least what the one below asks
                if c not in minimum or minimum[c].rank < need.rank:
                    raise lc.get("minimum").error(
                        f"level {i} asks less of {c} than level {i - 1} ({need.value}); a "
                        "higher level must ask at least as much"
                    )
        levels.append(Level(int(n), lc.get("name").str(), frozen_map(minimum)))
    if not levels:
        raise doc.get("levels").error("a maturity model needs its levels")
    agg = doc.get("aggregate")
    if agg.value not in AGGREGATES:
        raise agg.error(f"unknown method {agg.value!r} (expected one of: {', '.join(AGGREGATES)})")
    return MaturityModel(
        id=doc.get("id").str(),
        scale=tuple(bands),
        levels=tuple(levels),
        aggregate=str(agg.value),
    )


def normalise_phrase(text: str) -> str:
    """Phrases are matched on lower-cased words; typographic apostrophes count as plain ones."""
    return " ".join(text.replace("\u2019", "'").lower().split())
