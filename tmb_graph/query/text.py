"""Where a query comes from: a file path or the query text itself."""

from __future__ import annotations

from pathlib import Path

from tmb_graph.errors import TmbError


def query_text(file_or_text: str, suffixes: tuple[str, ...]) -> str:
    """Read ``file_or_text`` when it names an existing file (or ends with one of ``suffixes``).

    Raises
    ------
    TmbError
        When it looks like a path (ends with a query suffix) but the file does not exist.
    """
    candidate = Path(file_or_text)
    if "\n" not in file_or_text and len(file_or_text) < 4096:
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
        if file_or_text.endswith(suffixes):
            raise TmbError(f"query file not found: {file_or_text}")
    return file_or_text
