"""Widgets of the interview app."""

from .answer_box import AnswerBox
from .bubble import Bubble
from .footer import KeyFooter
from .process_list import ProcessList
from .progress import ProgressHeader

__all__ = ["AnswerBox", "Bubble", "KeyFooter", "ProcessList", "ProgressHeader"]
