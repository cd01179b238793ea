"""The summary's quotes: evidence spans highlighted on the right words, whatever the text."""

from __future__ import annotations

from interviewbot.core.assess import assess
from interviewbot.engine import Interview
from interviewbot.tui.commands import COMMANDS
from interviewbot.tui.screens.summary import understood
from interviewbot.tui.session import Session
from interviewbot.tui.text import quote


def styled(t, style):
    return [t.plain[s.start : s.end] for s in t.spans if str(s.style) == style]


def test_quote_highlights_each_span():
    text = "[b]\x1b[1m The service desk manager is responsible; there is no OLA."
    a = text.index("service desk manager")
    b = text.index("no OLA")
    q = quote(text, [(a, a + 20, "hl"), (b, b + 6, "neg")], width=200)
    assert styled(q, "hl") == ["service desk manager"]
    assert styled(q, "neg") == ["no OLA"]
    assert q.plain.startswith("“[b][1m The")  # ESC not drawn, brackets kept


def test_long_answer_is_cut_around_the_first_span():
    text = "x " * 500 + "the process owner is responsible" + " y" * 500
    a = text.index("process owner")
    q = quote(text, [(a, a + 13, "hl")], width=60)
    assert styled(q, "hl") == ["process owner"]
    assert q.plain.startswith("“…") and q.plain.endswith("…”")
    assert len(q.plain) < 80


def test_understood_quotes_the_words_behind_each_rating(bank):
    iv = Interview(bank, ["capacity"])
    iv.start({})
    iv.answer("We monitor utilisation daily, but there is no capacity plan.")
    iv.answer("The capacity manager is responsible [and] we inform all staff.")
    s = Session(None, bank, iv, "iv-x")
    pr = assess(bank, iv.transcript).processes["capacity"]
    t = understood(s, pr)
    assert "Here" not in t.plain  # the title is the screen's
    for c in ("Awareness and communication", "Responsibility", "Plans/procedures"):
        assert c in t.plain or c.replace("/", " and ") in t.plain
    neg = styled(t, "bold reverse red")
    pos = styled(t, "bold reverse green")
    assert "capacity plan" in " ".join(neg)
    assert any("responsible" in p for p in pos)
    assert "[and]" in t.plain


def test_palette_offers_the_main_actions():
    actions = {a for _, a, _ in COMMANDS}
    assert actions == {
        "skip",
        "back",
        "not_applicable",
        "process_not_applicable",
        "pause",
        "help",
        "toggle_theme",
    }
