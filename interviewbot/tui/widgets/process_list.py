"""The processes of the interview with the state of each."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

MARK = {
    "done": ("✓", "green"),
    "current": ("▶", "bold"),
    "pending": ("·", "dim"),
    "not_applicable": ("–", "dim strike"),
}


class ProcessList(Static):
    _states: list[tuple[str, str, str]] | None = None

    def show(self, states: list[tuple[str, str, str]]) -> None:
        if states == self._states:
            return  # nothing changed: no repaint
        self._states = list(states)
        out = Text()
        for n, (_pid, name, st) in enumerate(states):
            mark, style = MARK[st]
            out.append(("\n" if n else "") + f"{mark} ", style=style.split()[0])
            out.append(name, style=style)
            if st == "not_applicable":
                out.append(" (n/a)", style="dim")
        self.update(out)
