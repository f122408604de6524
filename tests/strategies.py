"""Hypothesis settings and strategies shared by the property tests in several folders."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# text from users and from the web: any UTF-8, plus the shapes that broke things before
nasty = st.text(alphabet=st.characters(codec="utf-8"), max_size=3000) | st.sampled_from([
    "\u202eWhat is it like\u202c?", "How do you\x00 start?", "Why?\r\nBcc: x@evil.example",
    "🔋" * 500, "What " * 700 + "?", "\t\n\r", "Could you tell me \u200babout it?"])
