"""How well a field's research covers each checklist topic.

Every sentence of the field's researched pages is compared with every checklist topic by
meaning, not by exact keyword: both are turned into TF-IDF vectors over word stems (Snowball)
and word pairs, so "hiring", "hire" and "hired" meet, and a topic's ``terms`` act as its
thesaurus. A topic's coverage (0 to 1) grows with the strength of its best sentences, the
number of pages they come from, and the profile facts that bear on it (products, news, values,
open roles ...). The same index answers whether a question is already answered by the research.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import lru_cache

from infolib.models import Page
from infolib.planning.checklist import Checklist, Topic
from infolib.research.summarise import BOILERPLATE, STOPWORDS, split_sentences
from infolib.terminal import terminal_safe

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
                if "open_role" in topic.facts and _closed_posting(sentence.page):
                    continue  # a closed or filled posting says nothing of hiring now
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


def _closed_posting(page: Page) -> bool:
    """True for a job page that says the posting is closed or filled."""
    return (page.metadata or {}).get("posting_status") == "closed"


def english_pages(pages: list[Page]) -> tuple[list[Page], list[Page]]:
    kept, other = [], []
    for page in pages:
        (kept if is_english(page.text) else other).append(page)
    return kept, other
