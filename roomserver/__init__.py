"""roomserver: the offline-first exam-room server."""

__version__ = "0.1.0"
