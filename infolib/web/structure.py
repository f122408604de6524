"""A page's structure, kept beside its text for the research stage: headings with the short
text and list items that follow them (team pages, values, services)."""

from __future__ import annotations

BLOCK_KINDS = ("home", "about", "team", "product", "contact")


def heading_blocks(tree) -> list[dict]:
    """Each h1–h4 with the short text and list items that follow it (for team and values)."""
    blocks = []
    main = tree.xpath("//main | //*[@role='main']")
    root = main[0] if main else tree
    for heading in root.iter("h1", "h2", "h3", "h4"):
        title = " ".join(heading.text_content().split())
        if not title or len(title) > 120:
            continue
        text, items, sibling = [], [], heading.getnext()
        while sibling is not None and sibling.tag not in ("h1", "h2", "h3", "h4", "section"):
            if sibling.tag in ("ul", "ol"):
                items += [" ".join(li.text_content().split()) for li in sibling.iter("li")]
            elif isinstance(sibling.tag, str):
                chunk = " ".join(sibling.text_content().split())
                if chunk:
                    text.append({"text": chunk, "class": sibling.get("class", "")})
            if len(text) >= 3:
                break
            sibling = sibling.getnext()
        blocks.append({"level": int(heading.tag[1]), "heading": title, "text": text,
                       "items": items})
    return blocks
