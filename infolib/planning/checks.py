"""Checks every interview question must pass, with the reason and a suggested rewrite.

A question is kept when it is open (it cannot be answered with a bare yes or no), asks for
something the research has not already answered, is not a request for a job, asks one thing,
and is of a length a person can say in one breath.

The open/closed check reads the question as a person would: it finds the clause that carries
the question (after a lead-in such as "I read that …;" or "In your experience,"), then looks
at how that clause starts. Wh-words and requests to tell, describe or walk through are open;
an auxiliary verb ("Is …", "Do you …", "Would you say …") makes it closed, except in polite
requests ("Could you walk me through …?"), which are open unless they ask *whether* or *if*.
Either/or questions and tag questions (", isn't it?") are closed. Its precision and recall are
measured on the labelled set in tests/data/questions_labelled.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from infolib.terminal import terminal_safe

MAX_WORDS = 40
MAX_CHARS = 300
MIN_WORDS = 3

_WH = frozenset("what whats how hows howd why which where wheres when who whos whom whose".split())
_AUX = frozenset(
    "is are was were am do does did have has had can could will would should shall may might must "
    "isnt arent wasnt werent dont doesnt didnt havent hasnt hadnt cant couldnt wont wouldnt "
    "shouldnt mightnt mustnt aint".split()
)
_PREPOSITIONS = frozenset("in to at for from on by with of under through about over".split())
# verbs that ask the other person to tell: "Tell me …", "Could you describe …?"
_REQUEST_VERBS = frozenset(
    "tell describe walk talk take explain share give outline elaborate expand say go paint "
    "sketch summarise summarize list name recount run help clarify unpack fill".split()
)
_REQUEST_GERUNDS = {  # "Would you mind telling me …"
    (v[:-1] if v.endswith("e") else v + "n" if v == "run" else v) + "ing": v
    for v in _REQUEST_VERBS
}
_SOFTENERS = frozenset("please possibly perhaps maybe briefly just kindly quickly also then "
                       "now first ever".split())
_STATEMENT_OPENERS = (
    "i'd love to hear", "i would love to hear", "i'd like to hear", "i would like to hear",
    "i'd love to know", "i would love to know", "i'd like to know", "i would like to know",
    "i'd be interested to hear", "i would be interested to hear", "i'd be curious to hear",
    "i'm curious", "i am curious", "i wonder", "i'm wondering", "i am wondering", "i was wondering",
    "i'd like to understand", "i would like to understand", "i'd love to understand",
    "i'd appreciate hearing", "let me know", "i'm trying to understand",
    "i am trying to understand", "i'm keen to hear", "i'm keen to understand",
    "i would appreciate hearing", "i'm interested in hearing",
    "i am interested in hearing", "i'd welcome", "help me understand",
)
_TAGS = re.compile(
    r",\s*(isn't it|aren't they|aren't you|don't you|doesn't it|didn't you|didn't it|wasn't it|"
    r"weren't they|haven't you|hasn't it|won't it|wouldn't it|can't you|couldn't you|isn't that "
    r"so|is it|are they|do you|does it|right|correct|yes|no|true|surely|eh|ok|okay)\s*\??\s*$"
)
_LEAD_IN = re.compile(r"^[^,;:?]{1,60},\s+")
_DISCOURSE = re.compile(r"^(and|but|so|also|then|okay|ok|well|now|finally|lastly|last|next|"
                        r"first|second|third|oh|right|and so|and then)\b[,\s]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": " - ", "–": " - "})


def _words(clause: str) -> list[str]:
    return re.findall(r"[a-z']+", clause)


def _bare(word: str) -> str:
    return word.replace("'", "")


def _clauses(text: str) -> list[str]:
    """Clauses in reading order; the question clause is usually the last one with a '?'."""
    parts = re.split(r"(?<=[.!?])\s+|\s*;\s*|:\s+|\s+-\s+|\s*\.\.\.\s*", text)
    return [p.strip(" ,\"'()") for p in parts if p and p.strip(" ,\"'()")]


def _strip_lead(clause: str) -> str:
    """Drop discourse words and short lead-ins ("In your experience, …")."""
    for _ in range(4):
        before = clause
        clause = _DISCOURSE.sub("", clause)
        match = _LEAD_IN.match(clause)
        # "From where you sit, is …?": the part after a short lead-in carries the question
        if match and _opener(clause[match.end():]) is not None:
            clause = clause[match.end():]
        if clause == before:
            break
    return clause


def _asks_whether(words: list[str], start: int) -> bool:
    """True when the request asks *whether*/*if* something is so ("tell me if …")."""
    window = words[start:start + 5]
    return "whether" in window or "if" in window


# request verbs that need particular words after them to be a request to tell
_REQUEST_NEXT = {
    "say": {"more", "a", "something", "how", "what", "why", "which", "where", "who", "when"},
    "take": {"me", "us"}, "run": {"me", "us", "through"}, "fill": {"me", "us"},
    "go": {"over", "through", "into"}, "help": {"me", "us"},
}


def _request_at(words: list[str], i: int) -> bool | None:
    """Does ``words[i]`` start a request to tell? True (open), False (asks whether) or None."""
    if i >= len(words):
        return None
    verb = words[i]
    verb = _REQUEST_GERUNDS.get(verb, verb)
    if verb not in _REQUEST_VERBS:
        return None
    needed = _REQUEST_NEXT.get(verb)
    if needed is not None and (i + 1 >= len(words) or words[i + 1] not in needed):
        return None
    return not _asks_whether(words, i + 1)


def _polite_request(words: list[str]) -> bool | None:
    """"Could you walk me through …" → True (open); "Could you tell me if …" → False."""
    if len(words) < 3 or words[1] not in ("you", "i", "we"):
        return None
    rest = [i for i in range(2, min(len(words), 9)) if words[i] not in _SOFTENERS]
    if not rest:
        return None
    if words[1] in ("i", "we"):  # "Can I ask what …?", "May I ask you about …?"
        if words[rest[0]] == "ask":
            after = [w for w in words[rest[0] + 1:] if w != "you"]
            return bool(after) and (_bare(after[0]) in _WH or after[0] == "about")
        return None
    if words[0] not in ("can", "could", "would", "will", "might"):
        return None
    i = rest[0]
    if words[i] == "mind" and i + 1 < len(words):
        return _request_at(words, i + 1)
    if words[i:i + 3] in (["be", "willing", "to"], ["be", "able", "to"], ["be", "happy", "to"],
                          ["be", "open", "to"]):
        i += 3
    return _request_at(words, i)


def _opener(clause: str) -> bool | None:
    """True (open), False (closed) or None (this clause does not say) from how it starts."""
    words = _words(clause)
    if not words:
        return None
    first = _bare(words[0])
    if first in _WH or words[0].split("'")[0] in _WH:  # "What're", "Where'd"
        return True
    if first in _PREPOSITIONS and len(words) > 1 and _bare(words[1]) in _WH:
        return True
    if first == "please" and len(words) > 1:
        return _opener(" ".join(words[1:]))
    if first not in ("name", "list"):
        request = _request_at(words, 0)
        if request is not None:
            return request
    for opener in _STATEMENT_OPENERS:
        if clause.startswith(opener):
            return not _asks_whether(words, len(opener.split()))
    if first in _AUX:
        return bool(_polite_request(words))
    if first in ("any", "anything", "anyone", "anybody"):
        return False
    return None


def _either_or(clause: str) -> bool:
    """"Which suits beginners better, X or Y?" offers options: closed."""
    if "," not in clause or " or " not in clause:
        return False
    tail = clause.rsplit(",", 1)[1]
    words = _words(tail)
    return (" or " in f" {tail} " and len(words) <= 7 and not {"you", "your", "do", "does", "is",
            "are", "can", "would"} & set(words))


def is_open(question: str) -> bool:
    """True when ``question`` cannot be answered with a bare yes or no (or a pick of options)."""
    text = " ".join(question.translate(_APOSTROPHES).lower().split())
    if not text:
        return False
    clauses = _clauses(text)
    asking = [c for c in clauses if c.endswith("?")] or clauses
    # the question clause is the last one that says something; earlier ones are lead-ins
    for clause in reversed(asking):
        clause = _strip_lead(clause)
        if _TAGS.search(clause) and _opener(clause) is not True:
            return False
        verdict = _opener(clause)
        if verdict is not None:
            if verdict and _either_or(clause):
                return False
            return verdict
    return False


# --- the other checks ---------------------------------------------------------------------------

_JOB_REQUEST = re.compile(
    r"\b(are|is) (you|your (team|company|organi[sz]ation|firm|department)|\w+) (currently |still )?"
    r"(hiring|recruiting|taking on)\b(?! process)"
    r"|\b(any|open|available) (jobs?|positions?|vacanc(y|ies)|openings?|roles?) (for me|available|"
    r"open|going|at)\b|\b(jobs?|positions?|vacanc(y|ies)|openings?) (available|for me)\b"
    r"|\b(give|offer|get|find) me (a |an )?(job|position|role|internship|placement|interview)\b"
    r"|\bhire me\b|\brefer me\b|\bconsider me\b|\bput (in )?a (good )?word\b|\bfor me to apply\b"
    r"|\b(pass|forward|send) (on )?my (cv|resume|résumé)\b|\bwork for you\b|\bjob for me\b"
    r"|\bcan i (apply|get|have) (a|an|the) (job|position|role)\b",
    re.I,
)


@dataclass
class Problem:
    """One failed check: which, why, and a suggested rewrite (may be empty)."""

    check: str
    reason: str
    rewrite: str = ""


@dataclass(repr=False)
class CheckResult:
    question: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        if self.ok:
            return f"<p style='color:#27ae60'>&#10003; {e(self.question)}</p>"
        items = "".join(f"<li>{e(p.reason)}" + (f"<br><i>Try:</i> {e(p.rewrite)}" if p.rewrite
                                                   else "") + "</li>" for p in self.problems)
        return f"<p style='color:#c0392b'>Needs work: {e(self.question)}</p><ul>{items}</ul>"

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self) -> str:
        """The result as the CLI prints it; research text quoted in it is made terminal-safe."""

        if self.ok:
            return terminal_safe(f"OK: {self.question}")
        return terminal_safe("\n".join([f"Needs work: {self.question}"] + [
            f"  - {p.reason}" + (f" Try: {p.rewrite}" if p.rewrite else "")
            for p in self.problems]))

    def to_dict(self) -> dict:
        """The question, whether it passes, and each problem with its suggested rewrite."""
        return {"question": self.question, "ok": self.ok,
                "problems": [{"check": p.check, "reason": p.reason, "rewrite": p.rewrite}
                             for p in self.problems]}


_REWRITES = [
    (r"^(.+?),\s*(isn't it|aren't they|don't you|doesn't it|right|correct|isn't that so|true)$",
     "I have heard that {1}; how does that match your experience?"),
    (r"^(do|did) you (happen to )?know (who|what|where|when|why|how|which) (.+)", "{3} {4}?"),
    (r"^(can|could|may|should) i (.+)", "What would be the best way for me to {2}?"),
    (r"^is it (true|right|correct|the case) that (.+)", "I read that {2}; how does that match what "
                                                        "you see day to day?"),
    (r"^(do|did|would) you (like|enjoy|love) (.+)", "What do you enjoy most about {3}?"),
    (r"^(do|would) you (think|say|feel|believe|agree) (that )?(.+)", "What is your view on whether {4}?"),
    (r"^would you recommend (.+)", "What would you tell someone who is considering {1}?"),
    (r"^(is|are) there (any |anything |anyone )?(.+)", "Tell me about any {3} you would point me "
                                                        "to."),
    (r"^(do|does|did) (you|your \w+|the \w+|\w+) (have|use|need|require) (.+)",
     "What {4} matter most in your work, and why?"),
    (r"^(could|can|would) you tell me (if|whether) (.+)", "Could you tell me how {3}?"),
]


def suggest_open(question: str) -> str:
    """An open rewrite of a closed question, from a few common patterns."""
    text = " ".join(question.translate(_APOSTROPHES).split()).rstrip(" ?.")
    lowered = text[0].lower() + text[1:] if text else text
    for pattern, template in _REWRITES:
        match = re.match(pattern, lowered, re.I)
        if match:
            groups = match.groups()
            out = re.sub(r"\{(\d)\}", lambda m, g=groups: g[int(m.group(1)) - 1] or "", template)
            out = re.sub(r"\bmy\b", "your", out) if out.startswith("What do you enjoy") else out
            return out[0].upper() + out[1:]
    return f"{text[0].upper() + text[1:]} \u2014 and what lies behind your answer?"


def check_question(text: str, answered=None) -> CheckResult:
    """Check one question; ``answered`` is a callable returning a Problem when the research
    already answers it (see ``infolib.planning.gaps.ResearchIndex.answers``)."""
    question = " ".join((text or "").split())
    result = CheckResult(question)
    words = question.split()
    if len(words) < MIN_WORDS:
        result.problems.append(Problem("length", f"Too short ({len(words)} words) to be a real "
                                       "question.", ""))
        return result
    if len(words) > MAX_WORDS or len(question) > MAX_CHARS:
        result.problems.append(Problem(
            "length", f"Too long to ask aloud ({len(words)} words, {len(question)} characters; "
            f"keep it under {MAX_WORDS} words).", "Keep the one question you most want answered "
            "and cut the lead-in to a few words."))
    if _JOB_REQUEST.search(question):
        result.problems.append(Problem(
            "job request", "It asks for a job; an informational interview is for information, "
            "and the contact leads any turn towards jobs.",
            "What routes into this kind of work would you suggest for someone with my "
            "background?"))
    if question.count("?") > 1:
        result.problems.append(Problem(
            "one thing", "It asks more than one thing; the contact will answer only one of them.",
            "Split it into separate questions and keep the more important one."))
    if not is_open(question):
        asks_job = any(p.check == "job request" for p in result.problems)
        result.problems.append(Problem("open", "It can be answered with yes or no (or a pick of "
                                       "options), which ends the conversation.",
                                       "" if asks_job else suggest_open(question)))
    if answered is not None:
        problem = answered(question)
        if problem is not None:
            result.problems.append(problem)
    return result
