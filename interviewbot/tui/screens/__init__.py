"""The screens of the interview app, one module each."""

from .chat import ChatScreen
from .help import HelpScreen
from .results import ResultsScreen
from .setup import SetupScreen
from .summary import SummaryScreen

__all__ = ["ChatScreen", "HelpScreen", "ResultsScreen", "SetupScreen", "SummaryScreen"]
