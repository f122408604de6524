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
from infolib.research.summarise import STOPWORDS, is_boilerplate, split_sentences
from infolib.terminal import terminal_safe

MIN_EVIDENCE = 0.1  # score below which a sentence says nothing about a topic
STRONG = 0.5  # score at which one sentence alone speaks clearly about a topic
MAX_EVIDENCE = 5
KIND_BONUS = 1.25
REQUIRED_MISSING = 0.25  # the most a topic covers while a fact it requires was never found
ENOUGH = 0.75  # the least a topic covers when a fact that is enough on its own was found
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
    """True unless the page's running text is in another language. Only lines of eight words
    or more are judged: a team page's names and roles, a list of titles or a menu carry no
    "the" or "and" in any language."""
    running = " ".join(line for line in text[:20000].split("\n") if len(line.split()) >= 8)
    words = [w.lower() for w in _WORD.findall(running[:5000])]
    if len(words) < 20:
        return True  # too little running text to judge; keep it
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
                         r"download|join|meet|get|check|follow|email|call|send|select|click|"
                         r"subscribe|register|sign up)\b", re.I)


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
                if not 5 <= words <= 60 or is_boilerplate(sentence) or \
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


# the organisation speaking of itself, a staff member on its site, the site addressing its
# reader ("you will join a team of six") or speaking of its people ("interns are expected to")
_OWN_WORDS = re.compile(r"\b(we|we're|we've|we'll|we'd|our|ours|us|i|i'm|i've|my|you|your|"
                        r"you'll|you're|staff|employees|team members|interns|participants|"
                        r"volunteers|fellows|mentors|mentees|new hires)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(we|we're|we've|we'll|we'd|our|ours|us)\b", re.I)
_THIRD_PERSON = re.compile(r"\b(he|she|his|her|hers|him|mr|mrs|ms|dr)\b\.?", re.I)
OWN_KINDS = frozenset({"about", "careers", "job", "home", "product", "team", "investors"})
PATTERN_SCORE = 0.25  # a sentence with one of the topic's phrases
EXTRA_PATTERN = 0.15  # each further phrase of the topic in the same sentence
TERM_WEIGHT = 0.6  # the share of the sentence's words that are the topic's terms
PAGE_VOICE = 0.6  # an own-voice topic's sentence that is on the organisation's page, nothing more
BIO = 0.5  # ... that is about one person (a bio: "she", "his", a named person of the profile)
NOT_A_STATEMENT = 0.7  # a heading, a cut-off fragment or a question, not a sentence
OWN_IN_OUTSIDE = 0.6  # the organisation speaking, for a topic about the world outside it


def topic_patterns(topic: Topic, organisation: str) -> list[re.Pattern]:
    """The topic's phrases as compiled patterns, ``{org}`` standing for the organisation's
    name (a pattern naming it matches nothing while the name is unknown)."""
    name = re.escape(organisation.strip()) if organisation.strip() else r"(?!x)x"
    return [re.compile(p.replace("{org}", name), re.I) for p in topic.patterns]


def _people_names(facts: dict[str, list[dict]]) -> re.Pattern | None:
    """The first and last names of the profile's people, to tell a bio from the organisation."""
    names = set()
    for item in facts.get("person") or []:
        for word in str(item.get("value", "")).split()[:4]:
            word = word.strip(",.()")
            if len(word) >= 3 and word[:1].isupper() and word.lower() not in STOPWORDS:
                names.add(re.escape(word))
    return re.compile(r"\b(" + "|".join(sorted(names)) + r")\b") if names else None


def voice(sentence: Sentence, organisation: str, people: re.Pattern | None = None) -> float:
    """How clearly the sentence is the organisation speaking of itself: 1 when it names the
    organisation or says "we", "our", "you"; ``BIO`` when it is about one person ("she joined
    our team", a named person of the profile); ``PAGE_VOICE`` when it only stands on one of the
    organisation's own pages (about, careers, a job, a product); 0 for a remark about anything
    at all on a post ("Puppet is an excellent tool")."""
    text = sentence.text
    own_page = sentence.page.kind in OWN_KINDS
    if named(text, organisation):
        return 1.0  # "Acme was founded by Ada Lee and Tom Reed": the organisation, not a bio
    said = bool(_OWN_WORDS.search(text))
    if _THIRD_PERSON.search(text) or (people is not None and people.search(text)):
        return BIO if said or own_page else 0.0
    if said:
        return 1.0
    return PAGE_VOICE if own_page else 0.0


def named(text: str, organisation: str) -> bool:
    """True when ``text`` names the organisation."""
    return bool(organisation) and organisation.lower() in text.lower()


def own_voice(sentence: Sentence, organisation: str) -> bool:
    """True when the sentence is the organisation speaking or on one of its own pages."""
    return voice(sentence, organisation) > 0


# a line of a transcript: a speaker's mark ("JF (0:01:58):") or a spoken opening ("And …",
# "Yeah, …"), which leans on what was said before it
_SPOKEN = re.compile(r"^([A-Z]{1,3}( \(\d+:\d+(:\d+)?\))?:|(and|but|yeah|yes|well|oh|okay|ok|um|"
                     r"uh|i mean|you know)\b[ ,])", re.I)


def statement_weight(text: str) -> float:
    """1 for a whole sentence; ``NOT_A_STATEMENT`` for a heading ("Skills and experience
    required #"), a role line ("Founder of Acme."), a fragment cut from its start ("they
    chose this path …"), a line of a transcript ("And in fact, …") or a question."""
    text = text.strip()
    if len(text.split()) < 6 or text.endswith("?") or text[:1].islower() or _SPOKEN.match(text) or \
            not re.search(r"[.!:;\"\u201d)\]]$", text):
        return NOT_A_STATEMENT
    return 1.0


def _phrase_hits(text: str, patterns: list[re.Pattern], organisation: str = "") -> list[str]:
    """The topic's phrases found in ``text``: each distinct match, at most three a pattern; a
    match inside the organisation's own name is none ("Python" in "Python Software Society")."""
    out: list[str] = []
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(organisation), text, re.I)] \
        if organisation else []
    for pattern in patterns:
        found = 0
        for match in pattern.finditer(text):
            if any(a <= match.start() and match.end() <= b for a, b in spans):
                continue
            phrase = " ".join(match.group(0).lower().split())
            if phrase not in out:
                out.append(phrase)
                found += 1
            if found == 3:
                break
    return out


def score_topics(index: ResearchIndex, checklist: Checklist) -> dict[str, tuple[float, list,
                                                                                  list[str]]]:
    """topic id -> (coverage, evidence, facts found) for every researchable topic.

    A sentence counts for a topic when it says something about that topic: it holds one of
    the topic's phrases (``patterns``: "we use", "was founded in", "more and more"), and for a
    topic about the organisation itself (``voice = "own"``) it is the organisation speaking or
    on one of its own pages (a bio of one person counts less); for a topic about the world
    outside (``voice = "outside"``, trends) the organisation's "we" counts less. Headings,
    cut-off fragments and questions count less than whole sentences. A sentence's score grows
    with the number of the topic's phrases it holds and with the share of its TF-IDF weight
    that falls on the topic's terms; a topic with no phrases (one of the user's own) is judged
    by that share alone, damped when only one term matches. A topic whose ``requires`` facts
    are missing (the organisation with no name found) is not covered, whatever its sentences;
    one of its ``enough`` facts (open roles for hiring) covers it on its own.
    """
    import numpy as np
    from scipy import sparse

    topics = checklist.topics
    index.fit([])
    features = [topic_features(t) for t in topics]
    organisation = index.organisation
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
        people = _people_names(index.facts)
        voiced = [voice(s, organisation, people) for s in index.sentences]
        whole = [statement_weight(s.text) for s in index.sentences]
    for column, topic in enumerate(topics):
        if not topic.researchable:
            out[topic.id] = (0.0, [], [])
            continue
        candidates = []
        patterns = topic_patterns(topic, organisation)
        # one pass of all the topic's phrases first: most sentences hold none of them
        anyone = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I) \
            if patterns else None
        if index.sentences:
            scores = similarity[:, column]
            rows_to_judge = range(len(index.sentences)) if patterns else \
                scores.argsort()[::-1][: MAX_EVIDENCE * 4]
            for row in rows_to_judge:
                sentence = index.sentences[row]
                if sentence.page.kind in NOT_EVIDENCE or sentence.page.kind in topic.skip_kinds:
                    continue
                hits: list[str] = []
                if patterns:
                    if topic.voice == "own" and not voiced[row] or \
                            not anyone.search(sentence.text):
                        continue
                    hits = _phrase_hits(sentence.text, patterns, organisation)
                    if not hits or (topic.voice == "own" and not voiced[row]):
                        continue
                    score = (PATTERN_SCORE + EXTRA_PATTERN * (len(hits) - 1) +
                             TERM_WEIGHT * float(scores[row])) * whole[row]
                    if topic.voice == "own":
                        # the organisation named in the sentence is one more sign it is about it
                        score = (score + EXTRA_PATTERN * named(sentence.text, organisation)) * \
                            voiced[row]
                    elif topic.voice == "outside" and _FIRST_PERSON.search(sentence.text):
                        score *= OWN_IN_OUTSIDE
                else:
                    score = float(scores[row])
                if "open_role" in topic.facts and _closed_posting(sentence.page):
                    continue  # a closed or filled posting says nothing of hiring now
                if sentence.page.kind in topic.kinds:
                    score *= KIND_BONUS
                if score >= MIN_EVIDENCE:
                    candidates.append((score, row, hits))
        candidates.sort(key=lambda item: (-item[0], item[1]))
        evidence = []
        for score, row, hits in candidates[:MAX_EVIDENCE]:
            s = index.sentences[row]
            words = hits + [w for w in _matched_words(s.text, features[column]) if w not in hits]
            evidence.append(Evidence(
                text=s.text, url=s.page.url, published=s.page.published,
                retrieved=s.page.retrieved.date() if s.page.retrieved else None,
                score=min(1.0, score), kind=s.page.kind, matched=words[:6]))
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
        if any(index.facts.get(f) for f in topic.enough):
            coverage = max(coverage, ENOUGH)
        if any(not index.facts.get(f) for f in topic.requires):
            coverage = min(coverage, REQUIRED_MISSING)
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


def _plain(text: str) -> str:
    """Lower-case words only, for comparing a sentence with a labelled quote."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def agreement_with_labels(rows, labels: dict) -> dict:
    """How a gap list's calls agree with hand labels of the topics a site covers.

    ``rows`` are gap-list rows (``GapList.rows``); ``labels`` is the ``labels`` object of a
    topics.json file (``{topic: {"covered", "confidence", "evidence": [{"quote", "page"}]}}``,
    as the dev set and ``data/demo/topics.json`` hold them). Only ``high``-confidence labels
    count. Returns ``agree`` and ``labelled`` (covered/gap calls that match the label, out of
    the labels compared), ``top_quoted`` and ``top_compared`` (covered topics, labelled covered
    with quotes, whose first evidence sentence is one of the quotes' sentences) and
    ``disagree``, the topics called otherwise.
    """
    out = {"agree": 0, "labelled": 0, "top_quoted": 0, "top_compared": 0, "disagree": []}
    for row in rows:
        label = labels.get(row.topic)
        if not label or label.get("confidence") != "high":
            continue
        out["labelled"] += 1
        if (not row.is_gap) == bool(label["covered"]):
            out["agree"] += 1
        else:
            out["disagree"].append(row.topic)
        quotes = [_plain(s) for item in label.get("evidence", [])
                  for s in split_sentences(item["quote"])]
        if label["covered"] and not row.is_gap and quotes:
            out["top_compared"] += 1
            top = _plain(row.evidence[0].text) if row.evidence else ""
            out["top_quoted"] += bool(top) and any(
                top == q or (len(top) > 30 and len(q) > 30 and (top in q or q in top))
                for q in quotes)
    return out
