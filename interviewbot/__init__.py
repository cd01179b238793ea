"""interviewbot: a terminal interview agent for ITIL process-maturity assessments."""

__version__ = "0.1.0"
