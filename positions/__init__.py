"""positions: who said what on Assad's future, the transition and the negotiations.

Follow the data: ``readers`` (files → Document) → ``extract`` (Document → Statements,
through ``normalise``, ``sentences``, ``speakers``, ``stance``, ``dates``, ``events``).
"""

from positions.extract import extract
from positions.records import Document, Statement

__all__ = ["Document", "Statement", "extract"]
