"""Clean: positioned words → page text in reading order (columns, footnotes, running
headers), and whether a text layer is worth reading. Pure.
"""

from __future__ import annotations

from indexer.layout.columns import body_font_size
from indexer.layout.page_text import build_document_text, join_lines
from indexer.layout.text_quality import is_unreadable

__all__ = ["body_font_size", "build_document_text", "is_unreadable", "join_lines"]
