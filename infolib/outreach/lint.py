"""The request lint: the short-email rules of *The 2-Hour Job Search*.

``lint_request`` checks: under 100 words (75 is better), no job words, the connection first,
the ask as a question, and more of the email about the contact than about the sender. Only the
message itself is read: the greeting line and everything from the sign-off ("Best wishes," ...)
down are left out.

"About the contact" is measured by counting references, not by parsing meaning: each
second-person word (you, your, yours, yourself, you're, ...) and each mention of the contact's
name or organisation counts for the contact; each first-person singular word (I, me, my,
mine, myself, I'm, ...) counts for the sender. The request passes when more than half of
these references point at the contact. "We", "our" and the referrer's name count for
neither side. It is a proxy that a writer can check by eye, which is the point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from infolib.outreach.drafts import _TITLES, Draft, Person, _message_part, _one_line, _phrase, _words

MAX_WORDS = 100   # 5-Point Email, 1st edition: fewer than 100 words
SHORT_WORDS = 75  # 6-Point Email, 2nd edition: 75 words or fewer


@dataclass
class LintProblem:
    """One broken rule. ``reason`` says how to fix it; ``severity`` is "error" or "warning"."""

    rule: str
    reason: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason}"


_JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|openings?|vacanc(?:y|ies)|hiring|hire[sd]?|r[eé]sum[eé]s?|cvs?|"
    r"apply|applying|applie[sd]|applications?|recruiting|recruitment)\b",
    re.IGNORECASE,
)


# full stops after these do not end a sentence
_SENTENCE_END = re.compile(
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bProf\.)(?<!\bSt\.)(?<!\be\.g\.)(?<!\bi\.e\.)"
    r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n"
)
_SECOND_PERSON = frozenset("you your yours yourself yourselves you're you've you'll you'd".split())
_FIRST_PERSON = frozenset("i me my mine myself i'm i've i'd i'll".split())
_GENERIC_CONNECTION = frozenset("fellow fellows both also like with from member members same "
                                "alumni alumnus alumna graduates graduate".split())


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def _mentions(text: str, phrases: Iterable[str]) -> int:
    phrases = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not phrases:
        return 0
    # longest first, so "Ana Silva" is one mention and not "Ana" plus "Silva"
    pattern = r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)"
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def _name_parts(name: str) -> list[str]:
    return [p for p in _one_line(name).replace(".", " ").split()
            if len(p) > 1 and p.lower() not in _TITLES]


def about_contact(text: str, person: Person | None = None) -> tuple[int, int]:
    """References to the contact and to the sender in ``text``: ``(contact, sender)``.

    The contact's side counts second-person words (you, your, yours, yourself, you're, …) and
    each mention of the contact's name (full, first or last) or organisation; the sender's side
    counts I, me, my, mine, myself, I'm, I've, I'd and I'll. Pass the message itself, without
    greeting and signature (``lint_request`` does this).
    """
    tokens = [w.lower().replace("’", "'") for w in _words(text)]
    contact = sum(t in _SECOND_PERSON for t in tokens)
    sender = sum(t in _FIRST_PERSON for t in tokens)
    if person is not None:
        contact += _mentions(text, [_one_line(person.name), *_name_parts(person.name),
                                    _one_line(person.organisation)])
    return contact, sender


def _connection_mentioned(sentence: str, person: Person) -> bool:
    lowered = sentence.lower()
    referrer = _one_line(person.referrer)
    if referrer:
        return _mentions(sentence, [referrer, *_name_parts(referrer)]) > 0
    words = [w.lower() for w in _words(person.connection)]
    distinctive = [w for w in words if len(w) >= 4 and w not in _GENERIC_CONNECTION] or words
    found = sum(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) is not None for w in distinctive)
    # most of the distinctive words is enough: "both Bristol graduates" names "Bristol alumni"
    return found * 2 >= len(distinctive) and found > 0


def lint_request(draft_or_text: Draft | str, person: Person | None = None) -> list[LintProblem]:
    """Check a request against the short-email rules; an empty list means it passes.

    Rules: ``length`` (100 words or more), ``length-75`` (over 75 words; a warning),
    ``job-words`` (job, position, hiring, résumé, apply, …; the subject is checked too),
    ``connection-first`` (the referrer or connection in the first sentence; needs ``person``),
    ``question`` (the ask ends with "?"), ``about-contact`` (more than half of the references
    are to the contact; see ``about_contact``).

    Args:
        draft_or_text: a ``Draft`` or the body text of an email.
        person: the contact, for the connection and for counting mentions of their name.
    """
    if isinstance(draft_or_text, Draft):
        subject, body = draft_or_text.subject, draft_or_text.body
    else:
        subject, body = "", str(draft_or_text)
    message = _message_part(body)
    problems: list[LintProblem] = []

    count = len(_words(message))
    if count >= MAX_WORDS:
        problems.append(LintProblem(
            "length", f"The request is {count} words; keep it under {MAX_WORDS}. Cut what you say "
            "about yourself first: who you are, your connection, why them and the ask are enough."))
    if count > SHORT_WORDS:
        problems.append(LintProblem(
            "length-75", f"{count} words: shorter requests get more replies; aim for {SHORT_WORDS} "
            "or fewer by trimming background and pleasantries.", severity="warning"))

    found = []
    for match in _JOB_WORDS.finditer(f"{subject}\n{message}"):
        if match.group(0).lower() not in [f.lower() for f in found]:
            found.append(match.group(0))
    if found:
        quoted = ", ".join(f"'{word}'" for word in found)
        problems.append(LintProblem(
            "job-words", f"Mentions {quoted}: leave jobs out of a request for advice. Ask about "
            "their work and the field; if a job comes up, let them be the one to raise it."))

    sentences = _sentences(message)
    if person is not None and (_one_line(person.referrer) or _phrase(person.connection)):
        link = _one_line(person.referrer) or _phrase(person.connection)
        if not sentences or not _connection_mentioned(sentences[0], person):
            example = (f"'{link} suggested I get in touch with you.'" if _one_line(person.referrer)
                       else f"'As {link}, I hope you won't mind this note.'")
            problems.append(LintProblem(
                "connection-first", f"Open with your connection to them ({link}) in the first "
                f"sentence, e.g. {example} It is the main reason a busy person replies."))

    last = sentences[-1] if sentences else ""
    if not last.rstrip("\"'”’)] ").endswith("?"):
        problems.append(LintProblem(
            "question", "End with the ask as a question, e.g. 'Would you have 20 minutes for a "
            "call in the next few weeks?' A question is easier to answer than a statement."))

    contact, sender = about_contact(message, person)
    if sender and contact <= sender:
        problems.append(LintProblem(
            "about-contact", f"{contact} references to them against {sender} to you: make more "
            "than half the email about them. Turn sentences about yourself into ones about them, "
            "e.g. 'your talk on …' rather than 'I am interested in …'."))
    return problems
