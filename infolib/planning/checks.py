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


# --- "already answered": the researched profile ---------------------------------------------------

# a question that builds on what was read ("I read that …; how …?") is not asking for the fact
_BUILDS_ON = re.compile(r"^(i read|i saw|i noticed|i see|your (site|page|news|blog|careers)|"
                        r"according to|on your)\b", re.I)
_ABOUT_PROFILE = [  # (pattern on the question clause, what answers it)
    ("mission", r"\b(what|which)('s| is| are| was)? (the |your |its |[\w .&'-]+'s )?"
                r"(mission|purpose|reason for being)\b|\bwhy does [\w .&'-]+ exist\b"),
    ("founders", r"\bwho (founded|started|set up|created|established|co-?founded)\b|\bwho "
                 r"(is|are|was|were) (the |its |your )?(co-?)?founders?\b"),
    ("founded", r"\bwhen (was|were|did) [\w .&'-]+ (founded|started|established|set up|created|"
                r"begin|began|start|found)\b|\bhow old is\b|\bwhat year (was|were|did)\b"),
    ("funding", r"\bhow (is|are|was|were) [\w .&'-]+ (funded|financed|paid for|supported)\b|"
                r"\bwho (funds|finances|backs|sponsors|pays for)\b|\bwhere does [\w .&'-]+ "
                r"(money|funding) come from\b|\bwhat (is|are) [\w .&'-]*(funding|investors|"
                r"funders|sponsors)\b"),
    ("headquarters", r"\bwhere (is|are) [\w .&'-]+ (based|headquartered|located)\b|\bwhere "
                     r"(is|are) [\w .&'-]*(headquarters|head office|offices)\b"),
    ("products", r"\b(what|which) (products|services|tools|software|platforms)\b[^?]*\b(does|do|"
                 r"is|are|offer|make|sell|build)\b"),
    ("description", r"\bwhat (does|do) [\w .&'-]+ (do|make|sell|offer|build|provide)\b|\bwhat is "
                    r"[\w .&'-]+('s)? (business|company|organi[sz]ation|work)\b"),
    ("open_roles", r"\b(what|which) (jobs|roles|positions|vacancies|openings)\b[^?]*\b(open|"
                   r"available|advertised|hiring|have)\b|\bis [\w .&'-]+ hiring\b"),
    ("employees", r"\bhow many (people|employees|staff|persons)\b|\bhow (big|large) is (the |"
                  r"your |its )?(company|organi[sz]ation|team|firm)\b"),
    ("values", r"\bwhat are (the |your |its |[\w .&'-]+'s )?(company |core |stated )?values\b"),
]
_SELF = re.compile(r"\b(we|our|us|the (foundation|company|organi[sz]ation|cooperative|"
                   r"charity|lab|labs|team|project|trust))\b", re.I)
_PERSONAL = re.compile(r"\byour (own|team|role|work|job|day|week|career|experience|manager|"
                       r"colleagues|department|group|project)\b|\byou\b|\bi\b|\bme\b|\bmy\b",
                       re.I)
# a sentence that says how the organisation is paid for (not one that merely names money)
_FUNDING_SENTENCE = re.compile(
    r"\b(funded|financed|supported|backed|sponsored|underwritten) (primarily |mainly |largely |"
    r"entirely |in part |partly )?by\b|\b(raised|received|secured|awarded|won) [^.;]{0,40}?\b("
    r"funding|grants?|investment|round|million|donations?)\b|\b(grants?|donations?|"
    r"sponsorships?|membership fees|investment|funding) (from|by)\b|\bour (funders|sponsors|"
    r"donors|investors|backers|supporters)\b|\b(fiscally hosted|fiscal sponsor)", re.I)
# what a sentence must hold to answer a question of this kind (the sentence-similarity check
# otherwise takes "That's where I found it." for the founding year)
ANSWER_SHAPES = {
    "founded": re.compile(r"\b(1[89]|20)\d\d\b"),
    "headquarters": re.compile(r"\b(based|headquartered|head office|headquarters|located|"
                               r"offices?)\b", re.I),
    "funding": _FUNDING_SENTENCE,
    "mission": re.compile(r"\b(mission|purpose|aim|exist)", re.I),
    "founders": re.compile(r"\bfound(ed|er|ers|ing)\b", re.I),
    "employees": re.compile(r"\d"),
}


def profile_question_kind(question: str) -> str | None:
    """Which profile fact ``question`` asks for (mission, founders, founded, funding,
    headquarters, products, description, open_roles, employees, values), or None."""
    text = " ".join(str(question or "").translate(_APOSTROPHES).split())
    if _BUILDS_ON.match(text):
        return None
    clause = (_clauses(text.lower()) or [text.lower()])[-1]
    for kind, pattern in _ABOUT_PROFILE:
        if re.search(pattern, clause):
            return kind
    return None


def _quote(text, words: int = 18) -> str:
    parts = str(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _names(items: list[str], most: int = 3) -> str:
    from infolib.planning.grounded import joined

    return joined([i for i in dict.fromkeys(items) if i][:most])


def profile_answers(profile, pages=(), organisation: str = ""):
    """A callable for ``check_question``: a Problem with the answer and its source when the
    researched profile (mission, founders, founding year, funding, headquarters, products,
    what it does, open roles, head count, values) already answers the question, else None.
    Questions that build on what was read ("I read that …; how …?") are not flagged."""
    org = organisation or str(profile.value("name") or "") or ""
    owner = f"{org}'s" if org else "the organisation's"
    who = org or "the organisation"
    pages = list(pages)

    def answer(kind: str):
        """(the answer, its source, read on, a rewrite that builds on it) or None."""
        if kind == "mission" and profile.mission is not None:
            value = _quote(str(profile.mission.value).rstrip("."), 16)
            aim = re.sub(r"^(?:our|the|its)\s+mission(?:\s+of\s+[^,;]{1,60}?)?\s+is\s+(?=to\s)",
                         "", value, flags=re.I)
            return (f"the mission is \u201c{value}\u201d", profile.mission,
                    f"I read that {owner} mission is \u201c{aim}\u201d; where does it show most "
                    "in the decisions your team makes?")
        if kind == "founders":
            founders = [p for p in profile.people if re.search(r"found", p.role or "", re.I)]
            if founders:
                names = _names([p.name for p in founders])
                return (f"founded by {names}", founders[0],
                        f"I read that {who} was founded by {names}; how much of the founders' "
                        "way of working is still felt in your team?")
        if kind == "founded" and profile.founded is not None:
            year = re.match(r"\d{4}", str(profile.founded.value))
            year = year.group(0) if year else str(profile.founded.value)
            return (f"founded in {year}", profile.founded,
                    f"I read that {who} started in {year}; how has the work changed since you "
                    "joined?")
        if kind == "funding":
            found = _funding_evidence(profile, pages)
            if found:
                text, source = found
                return (f"\u201c{_quote(text, 20)}\u201d", source,
                        f"I read that {who} is funded this way (\u201c{_quote(text, 10)}\u201d); "
                        "how does that shape what your team can take on?")
        if kind == "headquarters" and (profile.headquarters is not None or profile.locations):
            fact = profile.headquarters or profile.locations[0]
            place = _quote(getattr(fact, "value", None) or getattr(fact, "text", ""), 8)
            return (f"based in {place}", fact,
                    f"I read that {who} is based in {place}; how do people in different places "
                    "work together?")
        if kind == "products" and profile.products:
            names = _names([p.name for p in profile.products])
            which = "which of them is" if len(profile.products) > 1 else "which part of it is"
            return (f"products: {names}", profile.products[0],
                    f"I read about {names}; {which} closest to your own work?")
        if kind == "description" and profile.description is not None:
            value = _quote(str(profile.description.value).rstrip("."), 16)
            return (f"\u201c{value}\u201d", profile.description,
                    f"I read that {who} describes its work as \u201c{_quote(value, 10)}\u201d; "
                    "which part of that is closest to your own work?")
        if kind == "open_roles":
            if profile.open_roles:
                titles = _names([r.title for r in profile.open_roles])
                return (f"open roles: {titles}", profile.open_roles[0],
                        f"I read that {who} is hiring for {titles}; what does the team look "
                        "for beyond what the postings list?")
            if profile.hiring is not None and not profile.hiring.value:
                return ("the site says it is not hiring at the moment", profile.hiring,
                        f"I read that {who} is not hiring at the moment; how do people usually "
                        "find their way into the team?")
        if kind == "employees" and profile.employees is not None:
            count = _quote(profile.employees.value, 6)
            return (f"about {count} people", profile.employees,
                    f"I read that {who} has about {count} people; how does its size shape your "
                    "work?")
        if kind == "values" and profile.values:
            values = _names([_quote(v.text, 4) for v in profile.values])
            return (f"values: {values}", profile.values[0],
                    f"I read that {owner} values include {values}; which shows most in daily "
                    "work?")
        return None

    def answered(question: str):
        text = " ".join(str(question or "").translate(_APOSTROPHES).split())
        if _BUILDS_ON.match(text):
            return None
        clause = (_clauses(text.lower()) or [text.lower()])[-1]
        for kind, pattern in _ABOUT_PROFILE:
            if not re.search(pattern, clause):
                continue
            if kind not in ("mission", "values", "funding") and _PERSONAL.search(clause):
                continue  # "What does your team do?" asks the person, not the site
            found = answer(kind)
            if found is None:
                continue
            value, source, rewrite = found
            read = getattr(source, "retrieved", None)
            return Problem("answered", f"Your research already answers this: {value} (source: "
                           f"{getattr(source, 'source', '')}"
                           + (f", read {read}" if read else "") + ").", rewrite)
        return None

    return answered


def _funding_evidence(profile, pages) -> tuple[str, object] | None:
    """How the organisation is funded, as the research says it: a funding news item's title, or
    a sentence on an about, home or investors page (then any page) naming funders."""
    from infolib.models import Sourced
    from infolib.planning.grounded import news_kind

    for item in profile.news:
        if news_kind(item.title) == "funding":
            return item.title, item
    order = {"about": 0, "investors": 0, "home": 1}
    for page in sorted(pages, key=lambda p: order.get(p.kind, 2)):
        if page.kind in ("legal", "contact", "job", "news", "blog"):
            continue
        for line in page.text.split("\n"):
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                if 6 <= len(sentence.split()) <= 40 and _FUNDING_SENTENCE.search(sentence) and \
                        "?" not in sentence and _SELF.search(sentence):
                    return sentence, Sourced(source=page.url, retrieved=page.retrieved.date()
                                             if page.retrieved else None)
    return None
