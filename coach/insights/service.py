"""The program dashboard service: facilitators and admins see gated aggregates of their program."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from coach.access import Actor, require_role
from coach.errors import InputError
from coach.insights.dashboard import Cell, Dashboard, Series
from coach.insights.differences import gate_differences
from coach.insights.engagement import engagement_figures
from coach.insights.facts import Facts, load_facts
from coach.insights.figure import Figure
from coach.insights.progress import progress_figures
from coach.insights.quality import quality_figures
from coach.insights.query import InsightsQuery, month_of, months_between
from coach.people import log_event
from coach.privacy import difference_safe, is_shown
from coach.store.db import Database
from coach.store.models import Person


class InsightsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def dashboard(self, actor: Actor, query: InsightsQuery | None = None, *,
                  today: date | None = None) -> Dashboard:
        """The dashboard of the actor's program (the operator: the whole database), as ``query`` asks."""
        require_role(actor, "facilitator", "admin", action="see the program dashboard")
        query = query or InsightsQuery()
        as_of = today or datetime.now(UTC).date()
        with self.db.session() as session:
            person = session.get(Person, actor.id) if actor.id is not None else None
            facts = load_facts(session, program_id=person.program_id if person else None)
        members = {p for p, role in facts.role_of.items() if role in ("mentee", "mentor")}
        cohorts = sorted({facts.cohort_of[p] for p in members})
        if query.cohort is not None and query.cohort not in cohorts:
            known = ", ".join(cohorts) or "none yet"
            raise InputError(f"There is no cohort {query.cohort!r} in this program. Cohorts: {known}.")
        figures = [*engagement_figures(facts, as_of=as_of), *progress_figures(facts, as_of=as_of),
                   *quality_figures(facts, as_of=as_of)]
        months = self._months(figures, query, as_of)
        k = query.min_participants
        notice = self._notice(facts, members, query.cohort, k)
        cells = {f.name: [] if notice else f.grid.cells(f.cell_keys(months), cohort=query.cohort, k=k,
                                                        derive=f.derive) for f in figures}
        cells = _gate_differences(figures, cells, cohort=query.cohort, k=k)
        series = {f.name: Series(f.name, f.title, f.participant, cells[f.name],
                                 has_data=not notice and f.grid.has_people(f.cell_keys(months),
                                                                           cohort=query.cohort))
                  for f in figures}
        return Dashboard(as_of=as_of, cohort=query.cohort, months=months, min_participants=k,
                         cohorts=cohorts, series=series, notice=notice, notes=hidden_notes(series))

    def record_export(self, actor: Actor, dash: Dashboard, *, fmt: str) -> None:
        """Note in the audit log that these aggregates left the app: which view, not the figures."""
        require_role(actor, "facilitator", "admin", action="export the program dashboard")
        period = f"{dash.months[0]}..{dash.months[-1]}" if dash.months else "no months"
        log_event(self.db, actor, "insights.export", target=dash.cohort or "all cohorts",
                  detail=f"{fmt}; {period}; groups of at least {dash.min_participants}")

    @staticmethod
    def _months(figures: list[Figure], query: InsightsQuery, as_of: date) -> list[str]:
        seen = [key for f in figures if f.by_month for key in f.grid.keys()]
        if not seen:
            return []
        first = max(min(seen), query.first_month or "")
        last = min(month_of(as_of), query.last_month or "9999-12")
        return months_between(first, last)

    @staticmethod
    def _notice(facts: Facts, members: set[int], cohort: str | None, k: int) -> str:
        if not members:
            return "No mentees or mentors in this program yet. Load the demo program or add people."
        if cohort is None:
            if not is_shown(members, k=k):
                return (f"The program has fewer than {k} mentees and mentors, so nothing is shown: "
                        "any figure would describe individual people.")
            return ""
        mine = {p for p in members if facts.cohort_of[p] == cohort}
        if not is_shown(mine, k=k):
            return (f"Cohort {cohort!r} has fewer than {k} mentees and mentors, so nothing is shown "
                    "for it. Choose all cohorts to see it as part of the program.")
        if not difference_safe(mine, [members], k=k):
            return (f"The people outside cohort {cohort!r} are fewer than {k}: comparing this cohort "
                    "with the whole program would single them out, so it is shown only as part of "
                    "the program.")
        return ""


def _gate_differences(figures: list[Figure], cells: dict[str, list[Cell]], *, cohort: str | None,
                      k: int) -> dict[str, list[Cell]]:
    """Hide shown cells that another shown cell could be subtracted from to fewer than k people."""
    grids = {f.name: f.grid for f in figures}
    groups = {(name, c.key): grids[name].people(c.key, cohort=cohort)
              for name, row in cells.items() for c in row if c.shown}
    hide = gate_differences(groups, k=k)
    return {name: [Cell(c.key, None, {}, hide[(name, c.key)]) if (name, c.key) in hide else c for c in row]
            for name, row in cells.items()}


def hidden_notes(series: dict[str, Series]) -> list[str]:
    """One line per figure with hidden cells: how many, and why."""
    notes: list[str] = []
    for s in series.values():
        if not s.hidden:
            continue
        reasons = Counter(c.hidden for c in s.hidden)
        why = "; ".join(f"{n} {reason}" if len(reasons) > 1 else reason for reason, n in reasons.items())
        groups = ", ".join(c.key for c in s.hidden)
        notes.append(f"{s.title}: {len(s.hidden)} of {len(s.cells)} hidden ({groups}): {why}.")
    return notes
