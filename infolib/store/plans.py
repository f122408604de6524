"""Workbook storage for planning the meeting: goals, topic choices, gap lists, question plans.

A mixin of ``Workbook``; every write is one transaction and validates before writing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from infolib.errors import DataError, PlanError, StoreError
from infolib.store.people import name_key

GOAL_KINDS = ("learn", "outcome")
MAX_GOAL_CHARS = 300
MAX_FIELD_NAME = 200
_UNCHANGED = object()


def check_importance(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if str(value).strip() != str(number) or not 1 <= number <= 5:
        raise PlanError(f"Importance must be a whole number from 1 (nice to know) to 5 (must "
                        f"know), not {value!r}.")
    return number


def field_name(value) -> str:
    """A field's name as it is stored and looked up: trimmed, at most 200 characters."""
    name = str(value or "").strip()
    if len(name) > MAX_FIELD_NAME:
        raise DataError(f"The field name {name[:40]!r}… is {len(name)} characters long; keep "
                        f"it under {MAX_FIELD_NAME}, e.g. 'Energy storage'.")
    return name


class PlanStore:
    """Goals, topic choices, gap lists and question plans of each field."""

    # helpers expected from Workbook: engine, folder, field_id, _frame, fields, _crawl_id

    def _existing_field_id(self, conn, name: str) -> int:
        import sqlalchemy as sa

        from infolib.store.schema import fields

        found = conn.execute(sa.select(fields.c.id).where(fields.c.name == field_name(name))
                             ).scalar()
        if found is None:
            known = ", ".join(repr(f) for f in self.fields()["name"]) or "none yet"
            shown = repr(name) if len(name) <= 80 else repr(name[:40]) + "…"
            raise StoreError(f"There is no field {shown} in {self.folder} (fields: {known}). "
                             f"Start it with `infolib research URL --field {shown}`.")
        return found

    # goals ---------------------------------------------------------------------------------------
    def add_goal(self, field: str, text: str, kind: str = "learn", importance: int | None = None
                 ) -> int:
        """Record something the user wants to learn (``learn``) or the meeting's intended
        ``outcome``; both become gaps. Returns the goal's id."""
        from infolib.store.schema import goals

        text = " ".join((text or "").split())
        if kind not in GOAL_KINDS:
            raise PlanError(f"A goal is 'learn' (something you want to learn) or 'outcome' (what "
                            f"the meeting is for), not {kind!r}.")
        if not text:
            raise PlanError("The goal is empty: write what you want to learn, e.g. 'how people "
                            "move from field service into data roles'.")
        if len(text) > MAX_GOAL_CHARS:
            raise PlanError(f"The goal is {len(text)} characters long; keep it under "
                            f"{MAX_GOAL_CHARS} so it fits on the question sheet.")
        importance = check_importance(importance if importance is not None else
                                      (5 if kind == "outcome" else 4))
        import sqlalchemy as sa

        with self.writer.begin() as conn:
            field_id = self._existing_field_id(conn, field)
            # the same goal twice is one goal; a meeting has one intended outcome
            # compared in Python: SQL's lower() folds ASCII letters only (a field's goals are few)
            same = conn.execute(sa.select(goals.c.id, goals.c.text).where(
                goals.c.field_id == field_id, goals.c.kind == kind).order_by(goals.c.id))
            found = next((goal_id for goal_id, earlier in same
                          if kind == "outcome" or name_key(earlier) == name_key(text)), None)
            if found is not None:
                conn.execute(goals.update().where(goals.c.id == found).values(
                    text=text, importance=importance))
                return found
            return conn.execute(goals.insert().values(
                field_id=field_id, kind=kind, text=text, importance=importance,
                created=datetime.now(UTC))).inserted_primary_key[0]

    def goals(self, field: str) -> list[dict]:
        import sqlalchemy as sa

        from infolib.store.schema import goals

        with self.engine.connect() as conn:
            field_id = self._existing_field_id(conn, field)
            rows = conn.execute(sa.select(goals.c.id, goals.c.kind, goals.c.text,
                                          goals.c.importance)
                                .where(goals.c.field_id == field_id).order_by(goals.c.id))
            return [dict(r._mapping) for r in rows]

    def remove_goal(self, field: str, goal_id: int) -> None:
        import sqlalchemy as sa

        from infolib.store.schema import goals, topic_choices

        with self.writer.begin() as conn:
            field_id = self._existing_field_id(conn, field)
            kind = conn.execute(sa.select(goals.c.kind).where(
                goals.c.id == goal_id, goals.c.field_id == field_id)).scalar()
            if kind is None:
                raise PlanError(f"The field {field!r} has no goal number {goal_id}.")
            conn.execute(goals.delete().where(goals.c.id == goal_id))
            conn.execute(topic_choices.delete().where(topic_choices.c.field_id == field_id,
                                                      topic_choices.c.topic == f"{kind}_{goal_id}"))

    # the user's choices per topic ----------------------------------------------------------------
    def set_topic_choice(self, field: str, topic: str, *, importance=_UNCHANGED,
                         marked=_UNCHANGED) -> None:
        """Remember the user's importance (1–5, None = the checklist's) and mark (True gap,
        False covered, None automatic) for one topic of a field."""
        import sqlalchemy as sa

        from infolib.store.schema import topic_choices

        values = {}
        if importance is not _UNCHANGED:
            values["importance"] = None if importance is None else check_importance(importance)
        if marked is not _UNCHANGED:
            if marked not in (True, False, None):
                raise PlanError(f"Mark a topic True (a gap), False (covered) or None "
                                f"(automatic), not {marked!r}.")
            values["marked"] = marked
        if not values:
            return
        with self.writer.begin() as conn:
            field_id = self._existing_field_id(conn, field)
            where = (topic_choices.c.field_id == field_id, topic_choices.c.topic == topic)
            if conn.execute(sa.select(topic_choices.c.topic).where(*where)).first():
                conn.execute(topic_choices.update().where(*where).values(**values))
            else:
                conn.execute(topic_choices.insert().values(field_id=field_id, topic=topic,
                                                           **values))

    def topic_choices(self, field: str) -> dict[str, dict]:
        import sqlalchemy as sa

        from infolib.store.schema import topic_choices

        with self.engine.connect() as conn:
            field_id = self._existing_field_id(conn, field)
            rows = conn.execute(sa.select(topic_choices).where(
                topic_choices.c.field_id == field_id))
            return {r.topic: {"importance": r.importance, "marked": r.marked} for r in rows}

    # what the gap list is computed from ----------------------------------------------------------
    def research_inputs(self, field: str):
        """(pages, facts by topic, organisation name, crawls) from the latest crawl of each
        address researched for ``field``."""
        import sqlalchemy as sa

        from infolib.store import schema

        with self.engine.connect() as conn:
            field_id = self._existing_field_id(conn, field)
            latest = (sa.select(sa.func.max(schema.crawls.c.id))
                      .where(schema.crawls.c.field_id == field_id)
                      .group_by(schema.crawls.c.start_url))
            crawl_ids = sorted((r[0] for r in conn.execute(latest)), reverse=True)
            facts = conn.execute(sa.select(schema.facts).where(
                schema.facts.c.crawl_id.in_(crawl_ids)).order_by(schema.facts.c.id)).mappings()
            by_topic: dict[str, list[dict]] = {}
            for row in facts:
                by_topic.setdefault(row["topic"], []).append(dict(row))
        pages, errors = [], []
        for crawl_id in crawl_ids:
            result = self.load_research(crawl_id=crawl_id)
            pages += result.crawl.pages
            if result.crawl.error:
                errors.append(f"{result.crawl.start_url}: {result.crawl.error}")
        names = by_topic.get("name") or []
        return pages, by_topic, (names[0]["value"] if names else ""), crawl_ids, errors

    # gap lists -------------------------------------------------------------------------------------
    def save_gaps(self, gap_list) -> None:
        """Replace the stored gap list of the field with ``gap_list``, all or nothing."""
        from infolib.store.schema import gaps

        now = datetime.now(UTC)
        with self.writer.begin() as conn:
            field_id = self._existing_field_id(conn, gap_list.field)
            conn.execute(gaps.delete().where(gaps.c.field_id == field_id))
            conn.execute(gaps.insert(), [{
                "field_id": field_id, "topic": g.topic, "title": g.title, "source": g.source,
                "coverage": g.coverage, "is_gap": g.is_gap, "priority": g.priority,
                "importance": g.importance, "marked": g.marked, "tiara": g.tiara,
                "researchable": g.researchable, "why": g.why, "facts": g.facts,
                "evidence": g.to_dict()["evidence"], "computed": now,
                "threshold": gap_list.threshold, "organisation": gap_list.organisation,
                "pages_used": gap_list.pages_used} for g in gap_list.rows])

    def load_gaps(self, field: str) -> tuple[dict, list[dict]] | None:
        """The stored gap list of ``field`` as ``(settings, rows)``, or None if it has not been
        made yet (``planning.gaps.stored_gaps`` makes the GapList)."""
        import sqlalchemy as sa

        from infolib.store.schema import gaps

        with self.engine.connect() as conn:
            field_id = self._existing_field_id(conn, field)
            rows = [dict(r) for r in conn.execute(sa.select(gaps).where(
                gaps.c.field_id == field_id).order_by(gaps.c.priority)).mappings()]
        if not rows:
            return None
        first = rows[0]
        settings = {"field": field.strip(), "threshold": first["threshold"],
                    "organisation": first["organisation"], "pages_used": first["pages_used"]}
        return settings, rows

    # question plans -------------------------------------------------------------------------------
    def save_plan(self, plan) -> int:
        """Store ``plan`` as the plan of its field and contact, replacing an earlier one."""
        import sqlalchemy as sa

        from infolib.store.schema import planned_questions, question_plans

        with self.writer.begin() as conn:
            field_id = self._existing_field_id(conn, plan.field)
            where = (question_plans.c.field_id == field_id,
                     question_plans.c.contact == plan.contact)
            values = {"role": plan.role, "organisation": plan.organisation,
                      "minutes": plan.minutes, "ordering": plan.order,
                      "updated": datetime.now(UTC)}
            plan_id = conn.execute(sa.select(question_plans.c.id).where(*where)).scalar()
            if plan_id is None:
                plan_id = conn.execute(question_plans.insert().values(
                    field_id=field_id, contact=plan.contact, **values)).inserted_primary_key[0]
            else:
                conn.execute(question_plans.update().where(question_plans.c.id == plan_id)
                             .values(**values))
                conn.execute(planned_questions.delete().where(
                    planned_questions.c.plan_id == plan_id))
            if plan.questions:
                conn.execute(planned_questions.insert(), [{
                    "plan_id": plan_id, "rank": q.rank, "text": q.text, "topic": q.topic,
                    "kind": q.kind, "minutes": q.minutes, "tiara": q.tiara, "edited": q.edited,
                    "cites": q.cites_json()} for q in plan.questions])
        return plan_id

    def load_plan(self, field: str, contact: str = "") -> tuple[dict, list[dict]] | None:
        """The stored question plan of ``field`` and ``contact`` as ``(plan, questions)``, or
        None (``planning.questions.stored_plan`` makes the QuestionPlan)."""
        import sqlalchemy as sa

        from infolib.store.schema import planned_questions, question_plans

        with self.engine.connect() as conn:
            field_id = self._existing_field_id(conn, field)
            plan = conn.execute(sa.select(question_plans).where(
                question_plans.c.field_id == field_id,
                question_plans.c.contact == (contact or "").strip())).mappings().first()
            if plan is None:
                return None
            rows = [dict(r) for r in conn.execute(sa.select(planned_questions).where(
                planned_questions.c.plan_id == plan["id"]).order_by(planned_questions.c.rank)
            ).mappings()]
        return {**dict(plan), "field": field.strip()}, rows

    def plans(self, field: str | None = None):
        """Every stored question plan: field, contact, questions and planned minutes."""
        import sqlalchemy as sa

        from infolib.store.schema import fields, planned_questions, question_plans

        query = (sa.select(fields.c.name.label("field"), question_plans.c.contact,
                           question_plans.c.minutes,
                           sa.func.count(planned_questions.c.id).label("questions"),
                           sa.func.coalesce(sa.func.sum(planned_questions.c.minutes), 0)
                           .label("planned_minutes"), question_plans.c.updated)
                 .select_from(question_plans.join(fields).outerjoin(planned_questions))
                 .group_by(question_plans.c.id, fields.c.name).order_by(fields.c.name))
        if field is not None:
            query = query.where(fields.c.name == field.strip())
        return self._frame(query)
