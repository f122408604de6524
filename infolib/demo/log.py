"""A realistic, fictional interview log for the demo: a few dozen contacts across two fields.

Generated from code with a fixed seed, so every run gives the same log: people found in
different ways, written to on different channels, some replying fast and some never, meetings
with notes, referrals that chain two or three steps, and a few formal interviews and an offer.
All names and organisations are invented.
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
