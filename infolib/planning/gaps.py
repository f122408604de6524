"""The research gap list: what the research of a field covers, what it does not, and why.

Every sentence of the field's researched pages is compared with every checklist topic by
meaning, not by exact keyword: both are turned into TF-IDF vectors over word stems (Snowball)
and word pairs, so "hiring", "hire" and "hired" meet, and a topic's ``terms`` act as its
thesaurus. A topic's coverage (0 to 1) grows with the strength of its best sentences, the
number of pages they come from, and the profile facts that bear on it (products, news, values,
open roles …). Each covered topic shows the sentences, their sources and dates, and the words
that matched, so the user can see why it counts as covered.

A gap is a topic below the coverage threshold, a topic the user marks as a gap, a topic only
the contact can answer, and each of the user's own "what I want to learn" items and the
meeting's intended outcome. Gaps are ranked by what matters to the user first (importance),
then by how little is known (coverage).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import lru_cache

from infolib.errors import NotFoundError, PlanError
from infolib.models import Page, link, to_jsonable
from infolib.planning.checklist import Checklist, Topic
from infolib.research.summarise import BOILERPLATE, STOPWORDS, split_sentences
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe

THRESHOLD = 0.5
MIN_EVIDENCE = 0.1  # score below which a sentence says nothing about a topic
STRONG = 0.5  # score at which one sentence alone speaks clearly about a topic
MAX_EVIDENCE = 5
KIND_BONUS = 1.25
NOT_EVIDENCE = frozenset({"legal", "contact"})  # privacy notices say nothing of the work
_WORD = re.compile(r"[a-zà-öø-ÿ0-9][a-zà-öø-ÿ0-9'-]*", re.I)
_ENGLISH_MARKERS = frozenset("the and of to is are was were that this with for from our we you "
                             "it be have has not which their they by on at an as".split())
# profile facts by the topic name used in the workbook's facts table
FACT_LABELS = {"name": "name", "description": "description", "founded": "founding date",
               "headquarters": "headquarters", "employees": "head count", "mission": "mission",
               "product": "products", "news": "news items", "value": "values",
               "open_role": "open roles", "person": "people", "location": "locations",
               "document": "documents"}


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order."""
    words = (w.lower().strip("'-") for w in _WORD.findall(text))
    return [_stem(w) for w in words if w and w not in STOPWORDS and len(w) > 1]


def analyse(text: str) -> list[str]:
    """Features for TF-IDF: stems and neighbouring stem pairs."""
    out = stems(text)
    return out + [f"{a} {b}" for a, b in zip(out, out[1:], strict=False)]


def is_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < 20:
        return True  # too short to judge; keep it
    return sum(w in _ENGLISH_MARKERS for w in words) / len(words) >= 0.12


@dataclass
class Evidence:
    """A sentence from the research that speaks to a topic."""

    text: str
    url: str
    published: date | None
    retrieved: date | None
    score: float
    matched: list[str] = dataclass_field(default_factory=list)  # the words that matched the topic
    kind: str = ""


@dataclass
class Gap:
    """One row of the gap list (covered topics are rows too; ``is_gap`` tells them apart)."""

    topic: str
    title: str
    coverage: float
    is_gap: bool
    priority: int
    importance: int
    why: str
    evidence: list[Evidence] = dataclass_field(default_factory=list)
    facts: list[str] = dataclass_field(default_factory=list)
    source: str = "checklist"  # checklist | learn | outcome
    marked: bool | None = None  # the user's own call: True gap, False covered, None automatic
    tiara: str = "insights"
    researchable: bool = True

    def to_dict(self) -> dict:
        return to_jsonable({
            "topic": self.topic, "title": self.title, "coverage": round(self.coverage, 3),
            "is_gap": self.is_gap, "priority": self.priority, "importance": self.importance,
            "source": self.source, "marked": self.marked, "why": self.why, "tiara": self.tiara,
            "facts": self.facts,
            "evidence": [{"text": e.text, "url": e.url, "published": e.published,
                          "retrieved": e.retrieved, "score": round(e.score, 3),
                          "matched": e.matched} for e in self.evidence],
        })


# "Read about …", "See our open roles …": links, not statements
_NAVIGATION = re.compile(r"(read|see|find|learn|discover|explore|contact|visit|browse|view|"
                         r"download|join|meet|get|check|follow|email|call|send)\b", re.I)


@dataclass
class Sentence:
    text: str
    page: Page


def unreadable_note(pages: list[Page]) -> str:
    """What to tell the user when ``pages`` hold no sentence to judge coverage from."""
    if sum(page.words for page in pages) < 25 * max(1, len(pages)):
        held = ("no readable text: the site seems to load its content with JavaScript, which "
                "infolib does not run.")
    else:
        held = ("only short fragments and common words, no sentence about the work (the site "
                "may load the rest with JavaScript, which infolib does not run).")
    return (f"The {len(pages)} page(s) read hold {held} Nothing on its pages counts towards "
            "coverage: read the site in a browser and note what matters by hand, or ask your "
            "contact.")


def research_sentences(pages: list[Page]) -> list[Sentence]:
    """Every sentence and list item of the pages that could be evidence."""
    out, seen = [], set()
    for page in pages:
        for line in page.text.split("\n"):
            line = line.strip().lstrip("-*• ").strip()
            if len(line.split()) < 5 or line.startswith("|"):
                continue
            for sentence in split_sentences(line):
                # research stored before D11 may hold terminal escapes; questions quote this
                sentence = " ".join(terminal_safe(sentence).split())
                words = len(sentence.split())
                if not 5 <= words <= 60 or BOILERPLATE.search(sentence) or \
                        _NAVIGATION.match(sentence):
                    continue
                key = sentence.lower()
                if key in seen:
                    continue
                seen.add(key)
                out.append(Sentence(sentence, page))
    return out


class ResearchIndex:
    """The researched sentences of a field as TF-IDF vectors, with the profile facts.

    ``answers(question)`` tells whether the research already answers a question.
    """

    def __init__(self, pages: list[Page], facts: dict[str, list[dict]], organisation: str = ""):
        self.pages = pages
        self.facts = facts  # topic -> [{value, source, retrieved, detail}]
        self.organisation = terminal_safe(organisation)  # it is written into questions
        # a sentence of stop words alone ("We are here for you.") says nothing about any topic
        self.sentences = [s for s in research_sentences(pages) if stems(s.text)]
        self._vectorizer = None
        self._matrix = None
        self._fitted = False

    @property
    def unreadable(self) -> str:
        """Why the pages give nothing to judge coverage from ("" when they hold sentences)."""
        return "" if self.sentences else unreadable_note(self.pages)

    @property
    def vocabulary(self) -> dict[str, int]:
        """Feature -> column of the fitted TF-IDF matrix (empty before a fit, or with no text)."""
        return self._vectorizer.vocabulary_ if self._vectorizer is not None else {}

    def fit(self, extra_documents: list[str]):
        """Fit TF-IDF on the sentences and ``extra_documents``; return the latter's vectors."""
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        documents = [s.text for s in self.sentences] + list(extra_documents)
        self._fitted = True
        if not any(analyse(d) for d in documents):
            # no content word anywhere (a JavaScript-only site): TF-IDF has no vocabulary to
            # build ("empty vocabulary"), and every vector is empty
            self._vectorizer = None
            self._matrix = sparse.csr_matrix((len(self.sentences), 0))
            return sparse.csr_matrix((len(documents) - len(self.sentences), 0))
        self._vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True)
        matrix = self._vectorizer.fit_transform(documents)
        self._matrix = matrix[: len(self.sentences)]
        return matrix[len(self.sentences):]

    def similar(self, text: str) -> tuple[float, Sentence | None]:
        """The research sentence closest in meaning to ``text`` and its cosine."""
        if not self._fitted:
            self.fit([])
        if not self.sentences or self._vectorizer is None:
            return 0.0, None
        scores = (self._matrix @ self._vectorizer.transform([text]).T).toarray().ravel()
        best = int(scores.argmax())
        return float(scores[best]), self.sentences[best]

    def fact(self, topic: str) -> dict | None:
        found = self.facts.get(topic)
        return found[0] if found else None

    def answers(self, question: str):
        """A Problem when the research already answers ``question``, else None."""
        from infolib.planning.checks import Problem

        text = " ".join(question.lower().split())
        org = self.organisation or "the organisation"
        for pattern, topic, rewrite in _BASIC_FACTS:
            if re.search(pattern, text):
                found = self.facts.get(topic)
                if found:
                    value = "; ".join(_clip(f["value"], 8) for f in found[:3]) \
                        if len(found) > 1 else _clip(found[0]["value"])
                    return Problem(
                        "answered", f"Your research already answers this: {value} (source: "
                        f"{found[0]['source']}, read {found[0]['retrieved']}).",
                        rewrite.format(org=org, value=_fact_phrase(topic, value)))
        personal = re.search(r"\b(you|your|yours|yourself|i|me|my|we|us|our)\b", text)
        factual = re.match(r"(what|when|where|who|which|how many|how much|how old|how big)\b",
                           text)
        if factual and not personal:
            score, sentence = self.similar(question)
            if sentence is not None and score >= 0.45:
                return Problem(
                    "answered", f"The research already says: \u201c{sentence.text}\u201d "
                    f"(source: {sentence.page.url}).",
                    f"I read that {_lower_first(sentence.text).rstrip('.')}; how does that "
                    "affect your team?")
        return None


# questions whose answer is a basic profile fact (checked only when the fact was found)
_BASIC_FACTS = [
    (r"\bwhat (does|do) [\w .&'-]+ (do|make|sell|offer)\b", "description",
     "I read that {value}; which part of that is closest to your own work?"),
    (r"\bwhat is [\w .&'-]+('s)? (business|company)\b", "description",
     "I read that {value}; which part of that is closest to your own work?"),
    (r"\bwhen (was|were) [\w .&'-]+ (founded|started|established|set up|created)\b", "founded",
     "I read that {org} started in {value}; how has the work changed since the early days?"),
    (r"\bhow old is (the|your) (company|organi[sz]ation|firm)\b", "founded",
     "I read that {org} started in {value}; how has the work changed since the early days?"),
    (r"\bwhere (is|are) [\w .&'-]+ (based|headquartered|located)\b", "headquarters",
     "I read that {org} is based in {value}; how do the teams in different places work together?"),
    (r"\bwhere (is|are) [\w .&'-]+ (head ?quarters|head office)\b", "headquarters",
     "I read that {org} is based in {value}; how do the teams in different places work together?"),
    (r"\bhow many (people|employees|staff|persons) (work|are|does)\b", "employees",
     "I read that {org} has about {value} people; how does its size shape your work?"),
    (r"\bhow (big|large) is (the|your) (company|organi[sz]ation|team|firm)\b", "employees",
     "I read that {org} has about {value} people; how does its size shape your work?"),
    (r"\bwho (is|are) (the )?(ceo|chief executive|founders?|cto|leaders?|head)\b", "person",
     "I read who leads {org}; how do decisions from the top reach your team?"),
    (r"\bwho (founded|started|runs|leads) [\w .&'-]+", "person",
     "I read who leads {org}; how do decisions from the top reach your team?"),
    (r"\bwhat (products|services) (does|do)\b", "product",
     "I read about {value}; which of these is closest to your own work, and how?"),
    (r"\bwhat is (the |your |[\w .&'-]+'s )?mission\b", "mission",
     "I read that the mission is to {value}; how does it show in everyday decisions?"),
    (r"\bwhat are (the |your |[\w .&'-]+'s )?(company |core )?values\b", "value",
     "I read the values ({value}); which one shows most in daily work?"),
    (r"\b(what|which) (jobs|roles|positions|vacancies) (are|do you have) (open|available)\b",
     "open_role", "I read the open roles ({value}); what does the team look for beyond the "
                  "posting?"),
]


def _fact_phrase(topic: str, value: str) -> str:
    """The fact as it reads inside a sentence: a year for a date, a mission without its lead."""
    if topic == "founded":
        match = re.match(r"(\d{4})", value)
        return match.group(1) if match else value
    if topic == "mission":
        value = re.sub(r"^(our|the|its) mission is (to )?", "", value, flags=re.I)
    return value.rstrip(".")


def _lower_first(sentence: str) -> str:
    first = sentence.split(" ", 1)[0]
    if first.lower() in STOPWORDS and first.lower() not in ("i",):
        return sentence[0].lower() + sentence[1:]
    return sentence


def _clip(text: str, words: int = 16) -> str:
    parts = str(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def evidence_lead_in(sentence: str, organisation: str = "") -> str:
    """ "I read that …;" or, for text in the site's own voice, "Your site says: “…”." """
    sentence = sentence.rstrip()
    first = sentence.split(" ", 1)[0].lower()
    if first in ("we", "our", "us", "you", "your", "we're", "we've", "join"):
        where = f"{organisation}'s site" if organisation else "your site"
        return f"I read on {where}: \u201c{sentence}\u201d"
    return f"I read that {_lower_first(sentence).rstrip('.!')}."


@dataclass
class GapList:
    """The gap list of a field: one row per checklist topic and per user goal."""

    field: str
    rows: list[Gap]
    threshold: float = THRESHOLD
    organisation: str = ""
    pages_used: int = 0
    notes: list[str] = dataclass_field(default_factory=list)
    workbook: object = dataclass_field(default=None, repr=False)

    @property
    def gaps(self) -> list[Gap]:
        return [r for r in self.rows if r.is_gap]

    @property
    def covered(self) -> list[Gap]:
        return [r for r in self.rows if not r.is_gap]

    def __getitem__(self, topic: str) -> Gap:
        for row in self.rows:
            if row.topic == topic:
                return row
        raise KeyError(f"No topic {topic!r} in the gap list of {self.field!r}; topics: "
                       + ", ".join(r.topic for r in self.rows))

    def table(self):
        """The gap list as a DataFrame, most pressing first."""
        import pandas as pd

        return pd.DataFrame([{"priority": r.priority, "topic": r.topic, "title": r.title,
                              "is_gap": r.is_gap, "coverage": round(r.coverage, 2),
                              "importance": r.importance, "evidence": len(r.evidence),
                              "why": r.why} for r in self.rows],
                            columns=["priority", "topic", "title", "is_gap", "coverage",
                                     "importance", "evidence", "why"])

    def evidence_table(self):
        """Every piece of evidence, with its topic, source and date."""
        import pandas as pd

        rows = [{"topic": r.topic, "sentence": e.text, "matched": ", ".join(e.matched),
                 "score": round(e.score, 2), "url": e.url, "published": e.published,
                 "retrieved": e.retrieved} for r in self.rows for e in r.evidence]
        return pd.DataFrame(rows, columns=["topic", "sentence", "matched", "score", "url",
                                           "published", "retrieved"])

    def to_list(self) -> list[dict]:
        """The rows as JSON values: what ``infolib gaps --json`` prints."""
        return [r.to_dict() for r in self.rows]

    def to_dict(self) -> dict:
        """The whole gap list as JSON values: the field, its settings, notes and rows."""
        return {"field": self.field, "organisation": self.organisation,
                "threshold": self.threshold, "pages_used": self.pages_used,
                "notes": list(self.notes), "rows": self.to_list()}

    def headline(self) -> str:
        return (f"Gap list for {self.field!r}: {len(self.gaps)} gaps, {len(self.covered)} "
                f"topics covered by {self.pages_used} researched pages "
                f"(coverage threshold {self.threshold:g}).")

    def __repr__(self) -> str:
        lines = [self.headline()]
        lines += [f"  {r.priority:>2}. {'GAP ' if r.is_gap else 'ok  '} {r.coverage:4.2f}  "
                  f"{r.title}" for r in self.rows]
        return terminal_safe("\n".join(lines + [f"  note: {n}" for n in self.notes]))

    def to_text(self) -> str:
        """The gap list as the CLI shows it: every row with why, then the notes."""
        lines = [self.headline()]
        for row in self.rows:
            lines.append(f"{row.priority:>3}. {'GAP' if row.is_gap else 'ok '} "
                         f"{row.coverage:4.2f}  {row.title}  [{row.topic}, importance "
                         f"{row.importance}]")
            lines.append(f"       {row.why}")
        lines += [f"Note: {note}" for note in self.notes]
        return terminal_safe("\n".join(lines))

    def _repr_html_(self) -> str:
        e = html.escape
        rows = []
        for r in self.rows:
            colour = "#c0392b" if r.is_gap else "#27ae60"
            bar = (f"<div style='background:#eee;width:6em;height:0.7em'><div style='background:"
                   f"{colour};width:{r.coverage * 100:.0f}%;height:100%'></div></div>")
            sources = "".join(
                f"<li>{e(ev.text)} " + link(ev.url, "[source" + (
                    f", {ev.published.isoformat()}" if ev.published else "") + "]") + "</li>"
                for ev in r.evidence[:3])
            rows.append(
                f"<tr><td>{r.priority}</td><td style='text-align:left'><b>{e(r.title)}</b>"
                f"<br><small>{e(r.why)}</small>{'<ul>' + sources + '</ul>' if sources else ''}"
                f"</td><td>{'gap' if r.is_gap else 'covered'}</td><td>{bar}{r.coverage:.2f}</td>"
                f"<td>{r.importance}</td></tr>")
        notes = "".join(f"<p><i>{e(n)}</i></p>" for n in self.notes)
        return (f"<p>{e(self.headline())}</p>{notes}<table><thead><tr><th>#</th><th>topic</th>"
                f"<th>status</th><th>coverage</th><th>importance</th></tr></thead><tbody>"
                f"{''.join(rows)}</tbody></table>")


def topic_features(topic: Topic) -> set[str]:
    """A topic's features: the stem of each one-word term, the stem pairs of each phrase."""
    features = set()
    for phrase in re.split(r"[,\n]+", topic.terms):
        words = stems(phrase)
        if len(words) == 1:
            features.add(words[0])
        features.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return features


def _matched_words(sentence: str, features: set[str]) -> list[str]:
    """The sentence's words that carry the topic's features, for showing why it matched."""
    words = [w.lower().strip("'-") for w in _WORD.findall(sentence)]
    words = [w for w in words if w and w not in STOPWORDS and len(w) > 1]
    stemmed = [_stem(w) for w in words]
    out: list[str] = []
    for i, stem in enumerate(stemmed):
        hits = [words[i]] if stem in features else []
        if i + 1 < len(stemmed) and f"{stem} {stemmed[i + 1]}" in features:
            hits = [words[i], words[i + 1]]
        for word in hits:
            if word not in out:
                out.append(word)
    return out[:6]


def score_topics(index: ResearchIndex, checklist: Checklist) -> dict[str, tuple[float, list,
                                                                                  list[str]]]:
    """topic id -> (coverage, evidence, facts found) for every researchable topic.

    A sentence's score for a topic is the share of its TF-IDF weight (L2-normalised) that falls
    on the topic's features, damped when only one feature matches: how much of the sentence is
    about the topic, however long the topic's list of terms.
    """
    import numpy as np
    from scipy import sparse

    topics = checklist.topics
    index.fit([])
    features = [topic_features(t) for t in topics]
    out = {}
    if index.sentences:
        vocabulary = index.vocabulary
        rows, cols = [], []
        for column, feats in enumerate(features):
            for feature in feats:
                if feature in vocabulary:
                    rows.append(vocabulary[feature])
                    cols.append(column)
        indicator = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                      shape=(len(vocabulary), len(topics)))
        share = (index._matrix @ indicator).toarray()
        present = index._matrix.copy()
        present.data[:] = 1.0
        matched = (present @ indicator).toarray()
        similarity = share * np.minimum(1.0, matched / 2)
    for column, topic in enumerate(topics):
        if not topic.researchable:
            out[topic.id] = (0.0, [], [])
            continue
        candidates = []
        if index.sentences:
            scores = similarity[:, column]
            for row in scores.argsort()[::-1][: MAX_EVIDENCE * 4]:
                score = float(scores[row])
                sentence = index.sentences[row]
                if sentence.page.kind in NOT_EVIDENCE:
                    continue
                if sentence.page.kind in topic.kinds:
                    score *= KIND_BONUS
                if score >= MIN_EVIDENCE:
                    candidates.append((score, sentence))
        candidates.sort(key=lambda pair: pair[0], reverse=True)
        evidence = [Evidence(text=s.text, url=s.page.url, published=s.page.published,
                             retrieved=s.page.retrieved.date() if s.page.retrieved else None,
                             score=min(1.0, score), kind=s.page.kind,
                             matched=_matched_words(s.text, features[column]))
                    for score, s in candidates[:MAX_EVIDENCE]]
        # each strong sentence closes part of what is unknown; sentences from more pages count
        unknown = 1.0
        for item in evidence:
            strength = (item.score - MIN_EVIDENCE) / (STRONG - MIN_EVIDENCE)
            unknown *= 1 - 0.45 * min(1.0, max(0.0, strength))
        pages = len({e.url for e in evidence})
        text_part = (1 - unknown) * min(1.0, 0.55 + 0.15 * pages)
        facts = [f for f in topic.facts if index.facts.get(f)]
        fact_part = min(0.6, 0.3 * len(facts))
        coverage = 1 - (1 - text_part) * (1 - fact_part)
        out[topic.id] = (round(coverage, 4), evidence, facts)
    return out


def _why(topic: Topic | None, coverage: float, evidence: list[Evidence], facts: list[str],
         index: ResearchIndex, source: str, marked: bool | None) -> str:
    if source == "learn":
        return "Something you want to learn from the meeting."
    if source == "outcome":
        return "The outcome you want from the meeting."
    parts = []
    if marked is True:
        parts.append("You marked this as a gap.")
    elif marked is False:
        parts.append("You marked this as covered.")
    if topic is not None and not topic.researchable:
        parts.append("Only the contact can answer this; no website does.")
        return " ".join(parts)
    if evidence:
        pages = {e.url for e in evidence}
        words = []
        for e in evidence:
            words += [w for w in e.matched if w not in words]
        parts.append(f"{len(evidence)} sentence(s) on {len(pages)} page(s) speak to it"
                     + (f" (matched: {', '.join(words[:6])})" if words else "") + ".")
    if facts:
        parts.append("The profile has its " + ", ".join(FACT_LABELS.get(f, f) for f in facts)
                     + ".")
    if not index.sentences:
        parts.append("The pages read held no sentences to judge it by.")
    elif not evidence and not facts:
        parts.append("Nothing in the research speaks to it.")
    return " ".join(parts)


def build_gap_list(field: str, index: ResearchIndex, checklist: Checklist,
                   goals: list[dict] | None = None, choices: dict[str, dict] | None = None,
                   threshold: float = THRESHOLD) -> GapList:
    """Score every topic, add the user's goals, apply the user's choices and rank the gaps."""
    if not 0 < threshold <= 1:
        raise PlanError(f"The coverage threshold must be above 0 and at most 1, not {threshold}.")
    goals, choices = goals or [], choices or {}
    scored = score_topics(index, checklist)
    rows = []
    for topic in checklist.topics:
        coverage, evidence, facts = scored[topic.id]
        choice = choices.get(topic.id, {})
        marked = choice.get("marked")
        is_gap = marked if marked is not None else (coverage < threshold or not topic.researchable)
        rows.append(Gap(topic=topic.id, title=topic.title, coverage=coverage, is_gap=is_gap,
                        priority=0, importance=int(choice.get("importance") or topic.importance),
                        why=_why(topic, coverage, evidence, facts, index, "checklist", marked),
                        evidence=evidence, facts=facts, marked=marked, tiara=topic.tiara,
                        researchable=topic.researchable))
    for goal in goals:
        key = f"{goal['kind']}_{goal['id']}"
        choice = choices.get(key, {})
        marked = choice.get("marked")
        rows.append(Gap(topic=key, title=goal["text"], coverage=0.0,
                        is_gap=marked if marked is not None else True, priority=0,
                        importance=int(choice.get("importance") or goal["importance"]),
                        why=_why(None, 0, [], [], index, goal["kind"], marked),
                        source=goal["kind"], marked=marked,
                        tiara="advice" if goal["kind"] == "outcome" else "insights",
                        researchable=False))
    order = {row.topic: i for i, row in enumerate(rows)}
    # what matters to the user first (importance, then their own goals), then what is least known
    rows.sort(key=lambda r: (not r.is_gap, -r.importance, r.source == "checklist", r.coverage,
                             order[r.topic]))
    for i, row in enumerate(rows, start=1):
        row.priority = i
    return GapList(field=field, rows=rows, threshold=threshold,
                   organisation=index.organisation, pages_used=len(index.pages),
                   notes=[index.unreadable] if index.unreadable else [])


def english_pages(pages: list[Page]) -> tuple[list[Page], list[Page]]:
    kept, other = [], []
    for page in pages:
        (kept if is_english(page.text) else other).append(page)
    return kept, other




def find_gaps(field: str, *, workbook=None, threshold: float = THRESHOLD,
              compensation: bool = False) -> GapList:
    """Build the gap list of a field from its stored research, the checklist, the user's goals
    and choices; store it in the workbook and return it.

    Args:
        field: a field already researched (``research_company(url, field)``).
        workbook: a Workbook or its folder; default the project's ``data/`` workbook.
        threshold: coverage below which a topic is a gap (0–1, default 0.5).
        compensation: include pay and benefits (left out unless asked for).

    Raises:
        NotFoundError: nothing was researched for the field, no page could be read, or no page
            is in English.
        DataError: the field does not exist.
    """
    from infolib.planning.checklist import load_checklist

    book = open_workbook(workbook)
    field = (field or "").strip()
    pages, facts, organisation, crawl_ids, errors = book.research.inputs(field)
    if not crawl_ids:
        raise NotFoundError(f"Nothing has been researched for {field!r} yet: run `infolib "
                            f"research URL --field {field!r}` (or notebook 01) first.")
    if not pages:
        why = "; ".join(errors) or "no page could be read"
        raise NotFoundError(f"The research of {field!r} read no pages ({why}), so there "
                            "is nothing to judge coverage from. Check the address, then run the "
                            "research again with --refresh.")
    kept, other = english_pages(pages)
    if not kept:
        raise NotFoundError(f"None of the {len(pages)} pages researched for {field!r} is "
                            "in English, and the checklist judges English text. Research the "
                            "English version of the site if there is one (e.g. its /en/ "
                            "address), or mark topics covered by hand with mark_topic(…, "
                            "gap=False).")
    checklist = load_checklist(field, book.folder, compensation=compensation)
    index = ResearchIndex(kept, facts, organisation)
    gap_list = build_gap_list(field, index, checklist, book.planning.goals(field),
                              book.planning.topic_choices(field), threshold)
    if other:
        gap_list.notes.append(f"{len(other)} page(s) not in English were left out of the "
                              "coverage: " + ", ".join(p.url for p in other[:5]))
    book.planning.save_gaps(gap_list)
    gap_list.workbook = book
    return gap_list


def add_goal(field: str, text: str, *, outcome: bool = False, importance: int | None = None,
             workbook=None) -> GapList:
    """Record something you want to learn (or, with ``outcome=True``, what the meeting is for);
    it becomes a gap. Returns the updated gap list."""
    book = open_workbook(workbook)
    book.planning.set_goal(field, text, "outcome" if outcome else "learn", importance)
    return find_gaps(field, workbook=book, **_last_settings(book, field))


def set_goals(field: str, *, learn: list[str] | None = None, outcome: str | None = None,
              workbook=None) -> None:
    """Make the field's goals these: ``learn`` is the whole list of things you want to learn
    (None leaves the stored ones alone), ``outcome`` what the meeting is for ("" removes it)."""
    book = open_workbook(workbook)
    stored = book.planning.goals(field)
    if learn is not None:
        if isinstance(learn, str):
            raise PlanError("Give the things you want to learn as a list of strings, e.g. "
                            "['how people get into the field'].")
        wanted = {" ".join(t.split()).lower() for t in learn if t and t.strip()}
        for goal in stored:
            if goal["kind"] == "learn" and goal["text"].lower() not in wanted:
                book.planning.remove_goal(field, goal["id"])
        for text in learn:
            if text and text.strip():
                book.planning.set_goal(field, text, "learn")
    if outcome is not None:
        if outcome.strip():
            book.planning.set_goal(field, outcome, "outcome")
        else:
            for goal in stored:
                if goal["kind"] == "outcome":
                    book.planning.remove_goal(field, goal["id"])


def mark_topic(field: str, topic: str, *, gap: bool | None | object = ...,
               importance: int | None | object = ..., workbook=None) -> GapList:
    """Change how one topic counts: ``gap=True`` (a gap whatever the research says), ``False``
    (covered), ``None`` (automatic again); ``importance`` 1–5 moves it up or down the list.
    Returns the updated gap list."""
    from infolib.planning.checklist import load_checklist

    book = open_workbook(workbook)
    known = {t.id for t in load_checklist(field, book.folder, compensation=True).topics}
    known |= {f"{g['kind']}_{g['id']}" for g in book.planning.goals(field)}
    if topic not in known:
        raise PlanError(f"No topic {topic!r} for {field!r}; topics: "
                        + ", ".join(sorted(known)))
    changes = {k: v for k, v in (("marked", gap), ("importance", importance)) if v is not ...}
    book.planning.set_topic_choice(field, topic, **changes)
    return find_gaps(field, workbook=book, **_last_settings(book, field))


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def stored_gaps(field: str, *, workbook=None) -> GapList | None:
    """The gap list stored for ``field`` (as ``find_gaps`` last made or the user marked it),
    or None if none has been made yet."""
    book = open_workbook(workbook)
    stored = book.planning.load_gaps(field)
    if stored is None:
        return None
    settings, rows = stored
    gaps = []
    for r in rows:
        evidence = [Evidence(text=e["text"], url=e["url"], score=e["score"],
                             published=_day(e["published"]), retrieved=_day(e["retrieved"]),
                             matched=e["matched"]) for e in r["evidence"]]
        gaps.append(Gap(topic=r["topic"], title=r["title"], coverage=r["coverage"],
                        is_gap=r["is_gap"], priority=r["priority"], importance=r["importance"],
                        why=r["why"], evidence=evidence, facts=r["facts"], source=r["source"],
                        marked=r["marked"], tiara=r["tiara"], researchable=r["researchable"]))
    return GapList(rows=gaps, workbook=book, **settings)


def _last_settings(book, field: str) -> dict:
    """Recompute with the threshold and pay option the stored gap list was made with."""
    stored = stored_gaps(field, workbook=book)
    if stored is None:
        return {}
    return {"threshold": stored.threshold,
            "compensation": any(r.topic == "compensation" for r in stored.rows)}
