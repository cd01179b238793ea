"""The review workbench (`interviewbot review`), a Textual app of its own."""

from .app import ReviewApp, ReviewScreen, SearchScreen, run

__all__ = ["ReviewApp", "ReviewScreen", "SearchScreen", "run"]
