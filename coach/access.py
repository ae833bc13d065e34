"""Who may read or write what. Every service that touches a person's data calls this module.

Rules:
- A note (reflection) is private to its author; the author's current mentor may read it only when
  it is shared. Facilitators and admins never read notes: they see anonymized aggregates only.
- A feedback draft is visible only to its author.
- Goals are visible to their owner and the owner's mentors; only the owner changes them.
- Guidance documents: anyone may search; mentors, facilitators and admins add or remove them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coach.errors import AccessDeniedError


@dataclass(frozen=True)
class Actor:
    """The person acting, as the services see them."""

    id: int | None
    role: str
    name: str = ""
    handle: str = ""
    #: every role the person holds (``role`` is the one they act in now); empty means just ``role``
    roles: tuple[str, ...] = ()

    def as_role(self, role: str) -> Actor:
        """The same person acting in another of their roles."""
        held = self.roles or (self.role,)
        if role not in held:
            raise AccessDeniedError(f"{self.name or self.handle} does not hold the role {role!r} "
                                    f"(holds: {', '.join(held)}). An admin can add it.")
        return Actor(id=self.id, role=role, name=self.name, handle=self.handle, roles=held)

    @property
    def is_operator(self) -> bool:
        """The local operator running the CLI: an admin with no person row. A signed-in admin is a
        person and is not the operator (they cannot, say, theme a raw notes file that keeps ids)."""
        return self.role == "admin" and self.id is None


#: The local operator running the CLI on their own machine (no person row).
OPERATOR = Actor(id=None, role="admin", name="local operator", handle="operator")


def require_role(actor: Actor, *roles: str, action: str) -> None:
    """Refuse unless the actor acts in one of ``roles``. There is no bypass: an admin (and the local
    operator, whose role is admin) passes only where "admin" is listed, and a person holding several
    roles passes in the role they act in now."""
    if actor.role not in roles:
        allowed = ", ".join(roles)
        raise AccessDeniedError(
            f"{actor.name or actor.handle or 'This user'} ({actor.role}) may not {action}; "
            f"it needs one of the roles: {allowed}."
        )


def can_read_note(actor: Actor, *, author_id: int, shared: bool, mentor_ids: Iterable[int]) -> bool:
    if actor.id is not None and actor.id == author_id:
        return True
    return bool(shared and actor.id is not None and actor.id in set(mentor_ids))


def require_note_reader(actor: Actor, *, author_id: int, shared: bool,
                        mentor_ids: Iterable[int]) -> None:
    if not can_read_note(actor, author_id=author_id, shared=shared, mentor_ids=mentor_ids):
        raise AccessDeniedError(
            "This reflection is private to its author. A mentor can read it only after the "
            "mentee shares it; facilitators see anonymized themes, never individual notes."
        )


def require_owner(actor: Actor, *, owner_id: int, what: str) -> None:
    if actor.id is None or actor.id != owner_id:
        raise AccessDeniedError(f"Only the author may change this {what}.")


def can_manage_guidance(actor: Actor) -> bool:
    return actor.role in ("mentor", "facilitator", "admin")
