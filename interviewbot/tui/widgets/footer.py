"""Textual's Footer, redrawn only when the keys it shows change.

The stock Footer recomposes all of its keys whenever bindings *might* have changed (every focus
change, every screen stack change); in the chat that is several times per answer. Skipping the
redraws that would draw the same keys keeps an answer's round trip within a frame or two."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (key, ab.binding.action, ab.binding.description, ab.enabled, ab.binding.show)
            for key, ab in screen.active_bindings.items()
        )
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
