"""A page's main text: trafilatura on the parsed tree, in clean paragraphs."""

from __future__ import annotations


def main_text(tree, url: str) -> str:
    """The main text of a parsed HTML page (boilerplate, navigation and comments left out)."""
    import trafilatura

    return trafilatura.extract(tree, url=url, include_comments=False, include_tables=True,
                               deduplicate=False) or ""
