"""Set-up: who answers, for which organisation, and which processes to cover."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from ...core.model import Bank
from ..widgets import KeyFooter
from ..widgets.answer_box import release

TICKED, UNTICKED = "[x] ", "[ ] "


class ProcessChoice(SelectionList[str]):
    """A SelectionList whose tick reads the same in any colour scheme: "[x]" or "[ ]"."""

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        base = next(iter(line)).style or self.rich_style
        ticked = selection.value in self._selected
        style = base + Style(bold=ticked, meta={"option": index})
        if ticked:
            style += Style(
                color=self.get_component_rich_style("selection-list--button-selected").color
            )
        return Strip([Segment(TICKED if ticked else UNTICKED, style), *line])


class SetupScreen(Screen[dict[str, Any]]):
    BINDINGS = [Binding("ctrl+s", "start", "Start", id="setup.start")]

    def __init__(
        self,
        bank: Bank,
        respondent: str | None = None,
        role: str | None = None,
        organisation: str | None = None,
        processes: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.given = {
            "name": respondent or "",
            "role": role or "",
            "organisation": organisation or "",
        }
        self.processes = processes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup-form"):
            yield Static(Text("A new interview", style="bold"), markup=False)
            yield Static(
                Text(
                    "Who is answering, and which ITIL processes shall we cover? "
                    "(Tab moves, Space ticks a process, Ctrl+S starts.)",
                    style="dim",
                ),
                markup=False,
            )
            with Vertical(classes="field"):
                yield Label("Your name")
                yield Input(
                    self.given["name"], id="name", placeholder="e.g. A. Owner", compact=True
                )
            with Vertical(classes="field"):
                yield Label("Your role")
                yield Input(
                    self.given["role"],
                    id="role",
                    placeholder="e.g. Service desk lead",
                    compact=True,
                )
            with Vertical(classes="field"):
                yield Label("Organisation")
                yield Input(
                    self.given["organisation"],
                    id="organisation",
                    placeholder="e.g. Example Ltd",
                    compact=True,
                )
            yield Label("Processes")
            chosen = set(self.processes or self.bank.process_ids)
            yield ProcessChoice(
                *(Selection(Text(p.name), p.id, p.id in chosen) for p in self.bank.processes),
                id="processes-choice",
            )
            yield Button("Start the interview", id="start", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        for fid in ("name", "role", "organisation"):
            if not self.given[fid]:
                self.query_one(f"#{fid}", Input).focus()
                break
        else:
            self.query_one("#processes-choice").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_start()

    def action_start(self) -> None:
        values = {  # a pasted control character arrives held as a stand-in; names get it back
            f: release(self.query_one(f"#{f}", Input).value).strip()
            for f in ("name", "role", "organisation")
        }
        if not values["name"]:
            self.notify("Please give your name.", severity="warning", markup=False)
            self.query_one("#name", Input).focus()
            return
        chosen = set(self.query_one("#processes-choice", SelectionList).selected)
        processes = [pid for pid in self.bank.process_ids if pid in chosen]
        if not processes:
            self.notify("Choose at least one process.", severity="warning", markup=False)
            return
        self.dismiss({"respondent": values, "processes": processes})
