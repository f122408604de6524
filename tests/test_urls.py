"""URL normalisation, trap detection and sentence splitting: small pure functions."""

from infolib.research.summarise import split_sentences
from infolib.web.urls import normalise, trap_reason


def test_normalise_merges_spellings_of_one_page():
    assert normalise("HTTP://Example.ORG:80//a//b.html?utm_source=x&b=2&a=1#top") == \
        "http://example.org/a/b.html?a=1&b=2"
    assert normalise("https://example.org") == "https://example.org/"


def test_traps_are_recognised_and_ordinary_pages_are_not():
    assert trap_reason("https://x.org/events/calendar/2031/07/") == "trap: calendar"
    assert trap_reason("https://x.org/news?page=21") == "trap: pagination"
    assert trap_reason("https://x.org/blog/page/40/") == "trap: pagination"
    assert trap_reason("https://x.org/news/2026-09-15-series-b.html") is None
    assert trap_reason("https://x.org/news?page=2") is None


def test_sentences_split_at_ends_but_not_at_abbreviations_or_numbers():
    text = ("Larkspur Grid Systems Ltd. was founded by Dr. Okonkwo-Reid in 2016. Revenue rose "
            "to £18.4 million. Is it big? Yes, J. R. Smith said so.")
    assert split_sentences(text) == [
        "Larkspur Grid Systems Ltd. was founded by Dr. Okonkwo-Reid in 2016.",
        "Revenue rose to £18.4 million.", "Is it big?", "Yes, J. R. Smith said so."]
