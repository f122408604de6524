"""The summary's and the coverage's boilerplate filter: its quick word check in front of the
pattern never lets through a sentence the pattern itself would drop."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from infolib.research.summarise import BOILERPLATE, is_boilerplate

ASCII_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,-@:/©", max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(BOILERPLATE, fullmatch=False).filter(str.isascii))
def test_every_sentence_the_pattern_drops_is_dropped(sentence):
    assert is_boilerplate(sentence)


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT)
def test_the_quick_check_agrees_with_the_pattern(sentence):
    assert is_boilerplate(sentence) == bool(BOILERPLATE.search(sentence))
