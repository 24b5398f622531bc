"""Fleet Auditor: find government-banned apps on company devices, people first."""

__version__ = "0.1.0"
