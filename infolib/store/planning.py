"""The planning of each field in a workbook (``Workbook.planning``): goals, topic choices, the
stored gap list and the question plans. Gap lists and plans come back as plain rows;
``infolib.planning`` makes its objects from them.
"""


from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from infolib.errors import PlanError
from infolib.store.part import StorePart
from infolib.store.schema import fields, gaps, goals, planned_questions, question_plans, topic_choices
from infolib.store.validate import MAX_GOAL_CHARS, check_importance, name_key

GOAL_KINDS = ("learn", "outcome")
_UNCHANGED = object()


class PlanningStore(StorePart):
    """Goals, topic choices, gap lists and question plans of each field."""

    # goals ---------------------------------------------------------------------------------------
    def set_goal(self, field: str, text: str, kind: str = "learn", importance: int | None = None
                 ) -> int:
        """Set something the user wants to learn (``learn``) or the meeting's intended
        ``outcome``; both become gaps. The same learning goal (compared by ``name_key``) is
        that goal again, its text and importance replaced; a field has one outcome, so a new
        one replaces the old. Returns the goal's id."""

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

        with self.writer.begin() as conn:
            field_id = self.book.existing_field_id(conn, field)
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
        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
            rows = conn.execute(sa.select(goals.c.id, goals.c.kind, goals.c.text,
                                          goals.c.importance)
                                .where(goals.c.field_id == field_id).order_by(goals.c.id))
            return [dict(r._mapping) for r in rows]

    def remove_goal(self, field: str, goal_id: int) -> None:
        with self.writer.begin() as conn:
            field_id = self.book.existing_field_id(conn, field)
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
            field_id = self.book.existing_field_id(conn, field)
            where = (topic_choices.c.field_id == field_id, topic_choices.c.topic == topic)
            if conn.execute(sa.select(topic_choices.c.topic).where(*where)).first():
                conn.execute(topic_choices.update().where(*where).values(**values))
            else:
                conn.execute(topic_choices.insert().values(field_id=field_id, topic=topic,
                                                           **values))

    def topic_choices(self, field: str) -> dict[str, dict]:
        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
            rows = conn.execute(sa.select(topic_choices).where(
                topic_choices.c.field_id == field_id))
            return {r.topic: {"importance": r.importance, "marked": r.marked} for r in rows}

    # gap lists -------------------------------------------------------------------------------------
    def save_gaps(self, gap_list) -> None:
        """Replace the stored gap list of the field and scope (``gap_list.scope``: "" the field
        as a whole, else an organisation's start address) with ``gap_list``, all or nothing."""

        now = datetime.now(UTC)
        scope = gap_list.scope
        with self.writer.begin() as conn:
            field_id = self.book.existing_field_id(conn, gap_list.field)
            conn.execute(gaps.delete().where(gaps.c.field_id == field_id, gaps.c.scope == scope))
            conn.execute(gaps.insert(), [{
                "field_id": field_id, "topic": g.topic, "title": g.title, "source": g.source,
                "coverage": g.coverage, "is_gap": g.is_gap, "priority": g.priority,
                "importance": g.importance, "marked": g.marked, "tiara": g.tiara,
                "researchable": g.researchable, "why": g.why, "facts": g.facts,
                "evidence": g.to_dict()["evidence"], "computed": now,
                "threshold": gap_list.threshold, "organisation": gap_list.organisation,
                "pages_used": gap_list.pages_used, "scope": scope} for g in gap_list.rows])

    def load_gaps(self, field: str, scope: str = "") -> tuple[dict, list[dict]] | None:
        """The stored gap list of ``field`` for ``scope`` ("" the field as a whole, else an
        organisation's start address) as ``(settings, rows)``, or None if it has not been made
        yet (``planning.gaps.stored_gaps`` makes the GapList)."""


        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
            rows = [dict(r) for r in conn.execute(sa.select(gaps).where(
                gaps.c.field_id == field_id, gaps.c.scope == (scope or ""))
                .order_by(gaps.c.priority)).mappings()]
        if not rows:
            return None
        first = rows[0]
        settings = {"field": field.strip(), "threshold": first["threshold"],
                    "organisation": first["organisation"], "pages_used": first["pages_used"],
                    "scope": first["scope"]}
        return settings, rows

    # question plans -------------------------------------------------------------------------------
    def save_plan(self, plan) -> int:
        """Store ``plan`` as the plan of its field and contact, replacing an earlier one."""


        with self.writer.begin() as conn:
            field_id = self.book.existing_field_id(conn, plan.field)
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


        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
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
