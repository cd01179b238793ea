"""Command palette entries (Ctrl+P) for the interview's main actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = [
    ("Skip question", "skip", "Skip this question; it is recorded as skipped"),
    ("Back to the previous question", "back", "Answer an earlier question again"),
    ("Not applicable (question)", "not_applicable", "This question does not apply"),
    ("Process not applicable", "process_not_applicable", "The whole process does not apply"),
    ("Pause the interview", "pause", "Save and leave; continue later with --resume"),
    ("Help", "help", "Keys and what the interview does"),
    ("Toggle light/dark theme", "toggle_theme", "Switch between Textual's light and dark themes"),
]


class InterviewCommands(Provider):
    """Skip, back, not applicable, process not applicable, pause, help, theme."""

    def _run(self, action: str) -> None:
        self.app.interview_command(action)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name, action, help_ in COMMANDS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_ in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_)
