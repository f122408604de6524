"""A realistic, fictional interview log for the demo: a few dozen contacts across two fields.

Generated from code with a fixed seed, so every run gives the same log: people found in
different ways, written to on different channels, some replying fast and some never, meetings
with notes, referrals that chain two or three steps, and a few formal interviews and an offer.
In the grid software field each contact met had a question plan (a few of ``QUESTIONS``, and
the closing question), and the notes answer its questions, so notebook 06 can show which
questions worked. All names and
organisations are invented.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from infolib.store.queries import has_contacts_from
from infolib.store.workbook import open_workbook

FIELDS = ("Energy storage (demo)", "Grid software (demo)")
ORGANISATIONS = {
    FIELDS[0]: ["Larkspur Grid Systems", "Harbour Storage Co-op", "Millbrook Utilities",
                "Fenwick Energy"],
    FIELDS[1]: ["Tidewater Analytics", "Larkspur Grid Systems", "Northgate Power Software",
                "Kestrel Lane Ventures"],
}
FIRST = ("Amara", "Bruno", "Chloe", "Dev", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonah",
         "Kaia", "Leon", "Mira", "Nils", "Orla", "Priya", "Quentin", "Rosa", "Sami", "Tova",
         "Umar", "Vera", "Wes", "Yara", "Zeno", "Ada", "Bea", "Cyril", "Dara", "Emil")
LAST = ("Achterberg", "Brightwater", "Castellane", "Dunmore", "Eskelund", "Farrow", "Galloway",
        "Holmfirth", "Ilsley", "Jerrard", "Kilbride", "Lowther", "Marchetti", "Northcote",
        "Okafor", "Penhallow", "Quarles", "Rasmussen", "Stanier", "Thorsby")
ROLES = ("Data Engineer", "Field Service Technician", "Product Designer", "Asset Manager",
         "Grid Analyst", "Commissioning Engineer", "Software Engineer", "Operations Lead")
INSIGHTS = ("Most entrants underestimate how much time goes on data quality.",
            "Site work is seasonal; winter commissioning needs careful planning.",
            "The team values clear design documents over heroics.",
            "Warranty disputes are where the data work pays off.",
            "People move between field and office roles more than outsiders think.")
ADVICE = ("Learn SQL properly before anything else.",
          "Spend a day on an operating site if you can.",
          "Write up a small project with public grid data.",
          "Join the regional energy storage meetup.")
SEEDS = 22
SOURCE = "demo"
# the field whose meetings had question plans: the other one is the demo journey's, whose gap
# list and plans show what its own meeting (notebook 05) answered, not this log's
PLANNED_FIELD = FIELDS[1]
# the demo's planned questions: (text, topic, kind, tiara), then what a contact might answer
QUESTIONS = (
    ("How did you come into your current role?", "contact_journey", "gap", "insights"),
    ("What does a typical week look like for you?", "day_to_day", "gap", "insights"),
    ("Which skills do new people find hardest to pick up?", "skills", "gap", "advice"),
    ("I read about your latest storage project; what did it take to get it running?",
     "strategy_news", "grounded", "trends"),
    ("How do people usually move between field and office roles here?", "career_paths", "gap",
     "advice"),
    ("Which tools does your team rely on most?", "tools", "gap", "insights"),
    ("What would you suggest I read or join to learn more about the sector?",
     "advice_resources", "yours", "resources"),
    ("What change in the sector do you expect to matter most in the next few years?",
     "sector_trends", "gap", "trends"),
)
CLOSING = ("Who else would you suggest I talk to?", "closing", "closing", "resources")
ANSWERS = {
    "contact_journey": "Came in through a graduate scheme on the operations side.",
    "day_to_day": "Mornings on alarms and data checks, afternoons on site reports.",
    "skills": "Reading messy sensor data is what newcomers struggle with.",
    "strategy_news": "The project needed a new data pipeline before the first site went live.",
    "career_paths": "Most moves happen at the yearly review; ask your manager early.",
    "tools": "Python, SQL and the vendor's monitoring portal.",
    "advice_resources": "The regional storage association's newsletter is worth reading.",
    "sector_trends": "Grid connection queues will shape hiring more than technology will.",
}
# the topic each insight and piece of advice speaks to (the question it answers, if asked)
INSIGHT_TOPICS = ("day_to_day", "day_to_day", "skills", "day_to_day", "career_paths")
ADVICE_TOPICS = ("skills", "career_paths", "skills", "advice_resources")
# how often a question draws an answer: questions built on the research do best
ANSWER_CHANCE = {"grounded": 0.8, "gap": 0.5, "yours": 0.4}


def _contact_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def load_demo_log(*, workbook=None, seed: int = 7) -> dict[str, int]:
    """Load the demo interview log into a workbook (once: a second call adds nothing).

    Returns the number of rows added per table.
    """

    book = open_workbook(workbook)
    if has_contacts_from(book, SOURCE):
        return {}
    for name in FIELDS:
        book.ensure_field(name)
    rng = random.Random(seed)
    used: set[str] = set()
    counts = {"contacts": 0, "outreach": 0, "meetings": 0, "notes": 0, "referrals": 0,
              "outcomes": 0}
    # (name, field, organisation, how found, referrer, first contact day)
    queue = []
    start = date(2026, 1, 12)
    for i in range(SEEDS):
        field = FIELDS[i % 2]
        queue.append((_contact_name(rng, used), field, rng.choice(ORGANISATIONS[field]),
                      rng.choice(["alumni", "linkedin", "linkedin", "event", "cold", "cold"]),
                      None, start + timedelta(days=rng.randint(0, 60)), 0))
    contact_ids: dict[str, int] = {}
    while queue:
        name, field, org, how, referrer, first_day, depth = queue.pop(0)
        contact_ids[name] = book.contacts.add(
            name, organisation=org, role=rng.choice(ROLES), how_found=how,
            referred_by=contact_ids.get(referrer) if referrer else None, field=field,
            email=f"{name.lower().replace(' ', '.')}@example.org", source=SOURCE)
        counts["contacts"] += 1
        channel = "email" if how in ("referral", "alumni", "cold") or rng.random() < 0.4 \
            else "linkedin"
        sent = first_day
        # referred and alumni contacts answer more, and faster
        chance = {"referral": 0.9, "alumni": 0.8, "event": 0.7, "linkedin": 0.5, "cold": 0.35}
        replied = rng.random() < chance[how]
        reply_day = sent + timedelta(days=rng.choice([1, 1, 2, 3, 4, 6, 9, 12])) if replied \
            else None
        book.log.add_outreach(contact_ids[name], channel, sent=sent, replied=reply_day)
        counts["outreach"] += 1
        if not replied:
            if rng.random() < 0.6:  # the 3B7 follow-up
                book.log.add_outreach(contact_ids[name], channel, kind="follow_up",
                                  sent=sent + timedelta(days=10))
                counts["outreach"] += 1
            continue
        if rng.random() > 0.85:
            continue  # replied, but the meeting never happened
        meeting_day = reply_day + timedelta(days=rng.randint(3, 12))
        starts = datetime.combine(meeting_day, time(rng.choice([9, 11, 13, 15, 16]), 30))
        referred = []
        if depth < 3 and rng.random() < (0.8 if depth == 0 else 0.55):
            for _ in range(rng.choice([1, 1, 2])):
                new_name = _contact_name(rng, used)
                referred.append(new_name)
                queue.append((new_name, field, rng.choice(ORGANISATIONS[field]), "referral", name,
                              meeting_day + timedelta(days=rng.randint(1, 5)), depth + 1))
        notes = [("insight", rng.choice(INSIGHTS)), ("advice", rng.choice(ADVICE))] + [
            ("lead", f"Talk to {r}") for r in referred]
        if field == PLANNED_FIELD:
            notes = _planned_notes(book, field, name, org, notes, seed)
        outcome = None
        if depth >= 1 and rng.random() < 0.45:
            outcome = "formal_interview"
        meeting_id = _record(book, contact_ids[name], starts, rng, field, notes, outcome)
        counts["meetings"] += 1
        counts["notes"] += len(notes)
        counts["outcomes"] += bool(outcome)
        book.log.mark_thanked(meeting_id, on=meeting_day)
        if rng.random() < 0.5:
            book.log.mark_followed_up(meeting_id, on=meeting_day + timedelta(days=40))
    # referrals between contacts, now that everyone exists
    referrals = book.contacts.table()
    for row in referrals.itertuples():
        if isinstance(row.referred_by, str) and row.referred_by:
            book.log.add_referral(contact_ids[row.referred_by], row.id,
                              dated=_first_sent(book, row.id) - timedelta(days=1))
            counts["referrals"] += 1
    offers = [n for n, _ in sorted(contact_ids.items()) if n in _interviewed(book)]
    if offers:
        book.log.add_outcome("offer", contact=contact_ids[offers[0]], field=FIELDS[0],
                         dated=date(2026, 10, 20))
        counts["outcomes"] += 1
    return counts


def _planned_notes(book, field: str, name: str, organisation: str, notes: list,
                   seed: int) -> list[tuple]:
    """Store the contact's question plan (the grounded question and yours, three of the gap
    questions of ``QUESTIONS`` and the closing question, chosen by a generator of its own so
    the rest of the log stays as it was) and link the meeting's notes to the questions they
    answer, adding an answer to some of the others."""
    from infolib.planning.questions import PlannedQuestion, QuestionPlan

    rng = random.Random(f"{seed}-{name}")
    gaps = [i for i, q in enumerate(QUESTIONS) if q[2] == "gap"]
    picked = set(rng.sample(gaps, 3)) | {i for i, q in enumerate(QUESTIONS) if q[2] != "gap"}
    chosen = [QUESTIONS[i] for i in sorted(picked)] + [CLOSING]
    questions = [PlannedQuestion(text=text, topic=topic, kind=kind, tiara=tiara,
                                 minutes=1.5 if kind == "closing" else 2.5, rank=rank)
                 for rank, (text, topic, kind, tiara) in enumerate(chosen, start=1)]
    book.planning.save_plan(QuestionPlan(field=field, contact=name, role="",
                                         organisation=organisation, minutes=20,
                                         order="priority", questions=questions))
    by_topic = {q.topic: q for q in questions}
    linked, answered = [], set()
    for kind, text in notes:
        if kind == "lead":
            topic = "closing"
        else:
            pool = INSIGHT_TOPICS if kind == "insight" else ADVICE_TOPICS
            topic = pool[(INSIGHTS if kind == "insight" else ADVICE).index(text)]
        asked = by_topic.get(topic)
        linked.append((kind, text, asked.text, topic, asked.kind) if asked else (kind, text))
        answered.add(topic if asked else None)
    for question in questions:
        if question.topic not in answered and question.kind in ANSWER_CHANCE and \
                rng.random() < ANSWER_CHANCE[question.kind]:
            linked.append(("answer", ANSWERS[question.topic], question.text, question.topic,
                           question.kind))
    return linked


def _record(book, contact_id, starts, rng, field, notes, outcome) -> int:
    return book.log.add_meeting(contact_id, starts, mode=rng.choice(["video", "phone",
                                                                "in_person"]),
                                place="Harbour Café, Bristol", field=field, notes=notes,
                                outcome=outcome)


def _first_sent(book, contact_id: int) -> date:
    sent = book.log.outreach()
    return min(sent.loc[sent["contact_id"] == contact_id, "sent"])


def _interviewed(book) -> set[str]:
    outcomes = book.log.outcomes()
    return set(outcomes.loc[outcomes["kind"] == "formal_interview", "contact"])
