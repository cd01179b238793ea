"""The screens of the interview app, one module each."""

from .chat import ChatScreen
from .confirm import ConfirmScreen
from .help import HelpScreen
from .results import ResultsScreen
from .setup import SetupScreen
from .summary import SummaryScreen

__all__ = [
    "ChatScreen",
    "ConfirmScreen",
    "HelpScreen",
    "ResultsScreen",
    "SetupScreen",
    "SummaryScreen",
]
