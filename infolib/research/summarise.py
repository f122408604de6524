"""An offline extractive summary: the sentences that best represent what the site says.

No model and no NLTK data: sentences are split by a rule-based splitter, scored by how central their words
are across the site (a frequency centroid, the idea behind SumBasic), weighted by the kind of
page they come from, and picked without repeats. Navigation, cookie and newsletter text is
filtered out before scoring.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from infolib.models import Page, SummarySentence

KIND_WEIGHT = {
    "home": 1.3,
    "about": 1.5,
    "product": 1.2,
    "team": 0.8,
    "investors": 1.1,
    "news": 1.0,
    "blog": 0.7,
    "careers": 0.6,
    "contact": 0.4,
    "job": 0.3,
    "legal": 0.0,
    "other": 0.6,
}
BOILERPLATE = re.compile(
    r"cookie|newsletter|subscribe|sign ?up|log ?in|privacy (policy|notice)|terms (of|and) "
    r"|all rights reserved|javascript|click here|read more|skip to|back to top|©|copyright"
    r"|follow us|share this|accept all|opt[ -]out|unsubscribe|menu\b|https?://|@\w+\.",
    re.I,
)
#: Words one of which an ASCII sentence must hold (in lower case) for BOILERPLATE to match it:
#: most sentences hold none and skip the pattern (a non-ASCII one is always searched, since
#: re.I also folds letters such as "ſ" that str.lower() keeps).
_BOILERPLATE_WORDS = ("cookie", "newsletter", "subscribe", "sign", "log", "privacy", "terms",
                      "all rights reserved", "javascript", "click here", "read more", "skip to",
                      "back to top", "copyright", "follow us", "share this", "accept all", "opt",
                      "menu", "http", "@")


def is_boilerplate(sentence: str) -> bool:
    """True when ``sentence`` is navigation, cookie or newsletter text (BOILERPLATE)."""
    if sentence.isascii():
        lowered = sentence.lower()
        if not any(word in lowered for word in _BOILERPLATE_WORDS):
            return False
    return bool(BOILERPLATE.search(sentence))


_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves us one two new may many much every
via per within without across around
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-zà-öø-ÿ][a-zà-öø-ÿ'-]+", re.I)


# pysbd was tried first: it spent 0.3 ms a sentence recompiling regexes (two thirds of a
# 100-page research run). Company prose needs far less: split after . ! ? followed by a
# capital, except after common abbreviations, initials and inside numbers like 2.1 or £18.4.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
        "corp",
        "plc",
        "llc",
        "gmbh",
        "jr",
        "sr",
        "approx",
        "dept",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "ca",
        "cf",
        "al",
    ]
)
_INITIAL = re.compile(r"[a-z]")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9£$€])")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations and initials intact."""
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip('"”’)')
        last = before.rsplit(None, 1)[-1].lower().rstrip(".!?") if before.strip() else ""
        if last in _ABBREVIATIONS or _INITIAL.fullmatch(last):
            continue
        sentences.append(paragraph[start : match.start()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    return [s for s in [*sentences, tail] if s]


def candidate_sentences(pages: list[Page]) -> list[tuple[str, Page, int]]:
    """(sentence, page, position) for every sentence worth considering."""
    out = []
    for page in pages:
        if KIND_WEIGHT.get(page.kind, 0.5) <= 0 or not page.text:
            continue
        position = 0
        for paragraph in page.text.split("\n"):
            paragraph = paragraph.strip()
            if len(paragraph.split()) < 6 or paragraph.startswith(("|", "- ", "* ")):
                continue
            for sentence in split_sentences(paragraph):
                sentence = " ".join(sentence.split())
                words = len(sentence.split())
                if not 7 <= words <= 45 or not sentence[0].isupper() \
                        or sentence[-1] not in '.!?"”’)' or is_boilerplate(sentence):
                    continue
                out.append((sentence, page, position))
                position += 1
    return out


def _terms(sentence: str) -> list[str]:
    lowered = (w.lower() for w in _WORD.findall(sentence))
    return [w for w in lowered if w not in STOPWORDS]


def summarise(pages: list[Page], sentences: int = 8, per_page: int = 2) -> list[SummarySentence]:
    """Pick up to ``sentences`` sentences that best represent the site, with their sources.

    The result keeps the site's order: sentences from the most informative kinds of page
    (home, about, products) first, and within a page in reading order.
    """
    candidates = candidate_sentences(pages)
    if not candidates:
        return []
    terms = [_terms(s) for s, _, _ in candidates]
    frequency = Counter(t for ts in terms for t in set(ts))
    total = sum(frequency.values()) or 1
    scored = []
    for (sentence, page, position), words in zip(candidates, terms, strict=True):
        if not words:
            continue
        # fsum: the same score whatever order the set gives its words (that order changes
        # from one Python process to the next, and a near tie picked different sentences)
        centrality = math.fsum(frequency[w] / total for w in set(words)) / math.sqrt(len(words))
        lead = 1.25 if position == 0 else 1.1 if position == 1 else 1.0
        scored.append(
            (centrality * KIND_WEIGHT.get(page.kind, 0.5) * lead, sentence, page, position, set(words))
        )
    scored.sort(key=lambda row: row[0], reverse=True)
    chosen, used = [], Counter()
    for score, sentence, page, position, words in scored:
        if len(chosen) >= sentences:
            break
        if used[page.url] >= per_page:
            continue
        if any(len(words & other) / max(1, len(words | other)) > 0.5 for *_, other in chosen):
            continue
        chosen.append((score, sentence, page, position, words))
        used[page.url] += 1
    order = list(KIND_WEIGHT)
    chosen.sort(
        key=lambda row: (
            order.index(row[2].kind) if row[2].kind in order else 99,
            row[2].depth,
            row[2].url,
            row[3],
        )
    )
    return [SummarySentence(text=s, source=p.url, kind=p.kind) for _, s, p, _, _ in chosen]
