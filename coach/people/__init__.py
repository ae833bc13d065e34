"""People and trust: accounts and roles, sign-in (built-in passwords or OIDC), sessions, audit log."""

from coach.people.accounts import ROLES, AccountService, UserInfo, actor_of, roles_of
from coach.people.audit import AuditRecord, audit_actions, log_event, read_log
from coach.people.directory import Directory, PairCard, PersonCard
from coach.people.signin import Limits, SignInService

__all__ = ["ROLES", "AccountService", "AuditRecord", "Directory", "Limits", "PairCard", "PersonCard",
           "SignInService", "UserInfo", "actor_of", "audit_actions", "log_event", "read_log", "roles_of"]
