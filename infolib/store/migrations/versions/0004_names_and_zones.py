"""Schema 4: names compared by a Unicode-aware key, meeting times kept with their zone.

- ``contacts.name_key``: the name normalised (NFKC), case-folded and with whitespace collapsed;
  lookups and duplicate checks compare it, because SQL's ``lower()`` folds ASCII letters only.
- ``meetings.zone``: the zone a meeting was entered in (an IANA name or an offset), while
  ``meetings.starts`` holds the moment in UTC. SQLite kept no offset before: its times were the
  wall-clock times of this computer's zone, and are converted to UTC here.
- ``organisations.key`` transliterates other scripts instead of dropping them ("Ørsted" was
  "rsted", a Cyrillic name was empty); organisations whose new keys agree are merged.

The helpers below are frozen copies of the rules as they were at this revision.

Revision ID: 0004
"""

import contextlib
import os
import re
import unicodedata
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

LEGAL_SUFFIXES = frozenset(
    "ltd limited inc incorporated llc llp plc gmbh ag sa sas sarl bv nv oy ab as aps spa srl "
    "co corp corporation company group holdings holding pty pte kk kg ug the".split()
)


def _name_key(name) -> str:
    text = unicodedata.normalize("NFKC", str(name or ""))
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def _organisation_key(name) -> str:
    from anyascii import anyascii

    words = re.findall(r"[a-z0-9]+", anyascii(_name_key(name)).lower().replace("&", " and "))
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def _local_zone():
    from zoneinfo import ZoneInfo

    names = []
    if os.environ.get("TZ"):
        names.append(os.environ["TZ"].lstrip(":"))
    else:
        link = os.path.realpath("/etc/localtime")  # a link into /usr/share/zoneinfo/
        if "zoneinfo/" in link:
            names.append(link.split("zoneinfo/", 1)[1])
    for name in names:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            continue
    return datetime.now().astimezone().tzinfo


def _zone_name(zone) -> str:
    key = getattr(zone, "key", None)
    if key:
        return key
    offset = datetime.now(zone).utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def upgrade() -> None:
    conn = op.get_bind()
    # server defaults: SQLite adds a NOT NULL column only with one (and no table rebuild,
    # which would cascade-delete the rows that refer to contacts)
    op.add_column("contacts", sa.Column("name_key", sa.Text, nullable=False, server_default=""))
    op.add_column("meetings", sa.Column("zone", sa.String(64), nullable=False,
                                        server_default=""))
    op.create_index("ix_contacts_name_key", "contacts", ["name_key"])

    contacts = sa.table("contacts", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("name_key", sa.Text),
                        sa.column("organisation_id", sa.Integer))
    for contact_id, name in conn.execute(sa.select(contacts.c.id, contacts.c.name)).all():
        conn.execute(contacts.update().where(contacts.c.id == contact_id)
                     .values(name_key=_name_key(name)))

    meetings = sa.table("meetings", sa.column("id", sa.Integer),
                        sa.column("starts", sa.DateTime(timezone=True)),
                        sa.column("zone", sa.String))
    zone = _local_zone()
    for meeting_id, starts in conn.execute(sa.select(meetings.c.id, meetings.c.starts)).all():
        values = {"zone": _zone_name(zone)}
        if starts is not None and starts.tzinfo is None:  # SQLite: this computer's wall clock
            with contextlib.suppress(OverflowError, ValueError):  # a far-off date: kept
                values["starts"] = starts.replace(tzinfo=zone).astimezone(UTC).replace(
                    tzinfo=None)
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(**values))

    organisations = sa.table("organisations", sa.column("id", sa.Integer),
                             sa.column("name", sa.String), sa.column("key", sa.String))
    rows = conn.execute(sa.select(organisations.c.id, organisations.c.name, organisations.c.key)
                        .order_by(organisations.c.id)).all()
    keeper: dict[str, int] = {}
    changed = []
    for org_id, name, old in rows:
        new = _organisation_key(name) or old
        if new in keeper:  # the same organisation by the new rule: merge into the first
            conn.execute(contacts.update().where(contacts.c.organisation_id == org_id)
                         .values(organisation_id=keeper[new]))
            conn.execute(organisations.delete().where(organisations.c.id == org_id))
            continue
        keeper[new] = org_id
        if new != old:
            changed.append((org_id, new))
    # two passes, so that a key moving to a value another row still holds never clashes
    for org_id, _new in changed:
        conn.execute(organisations.update().where(organisations.c.id == org_id)
                     .values(key=f"#{org_id}"))  # no real key has a "#"
    for org_id, new in changed:
        conn.execute(organisations.update().where(organisations.c.id == org_id).values(key=new))


def downgrade() -> None:
    op.drop_index("ix_contacts_name_key", "contacts")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("zone")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("name_key")
