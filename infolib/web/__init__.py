"""The web layer: polite fetching, crawling and extraction."""
