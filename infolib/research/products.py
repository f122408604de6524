"""The organisation's products and services: schema.org ``Product``, ``Service`` and
``SoftwareApplication`` items, headings on a services page, else each product page's title."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from infolib.models import Page, Product
from infolib.research.schemaorg import items_of, text_of, types_of


class _Products:
    def __init__(self) -> None:
        self.products: list[Product] = []

    def add(self, name: str, description: str, page: Page) -> None:
        name = name.strip()
        if name and name.lower() not in {p.name.lower() for p in self.products}:
            self.products.append(Product(source=page.url, retrieved=page.retrieved.date(),
                                         name=name, description=description.strip()))


def find_products(pages: list[Page]) -> list[Product]:
    """The products and services the pages name, each with the page that names it."""
    found = _Products()
    for page, item in items_of(pages):
        if types_of(item) & {"Product", "Service", "SoftwareApplication"}:
            found.add(text_of(item.get("name")), text_of(item.get("description")), page)
    for page in pages:
        if page.kind != "product" or not urlsplit(page.url).path.rstrip("/").endswith(
                ("services.html", "services")):
            continue
        for block in page.blocks:
            if block["level"] == 2 and block["text"]:
                found.add(block["heading"], block["text"][0]["text"], page)
    if not found.products:  # no metadata: each product page's title is a product
        for page in pages:
            if page.kind == "product" and page.depth > 0 and page.title:
                name = re.split(r"\s[|–—-]\s", page.title)[0].strip()
                found.add(name, page.description, page)
    return found.products
