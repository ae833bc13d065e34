"""People and trust: accounts and roles, sign-in (built-in passwords or OIDC), sessions, audit log."""

from coach.people.accounts import AccountService, UserInfo, actor_of, roles_of
from coach.people.audit import AuditRecord, log_event, read_log
from coach.people.directory import Directory, PersonCard
from coach.people.signin import Limits, SignInService

__all__ = ["AccountService", "AuditRecord", "Directory", "Limits", "PersonCard", "SignInService",
           "UserInfo", "actor_of", "log_event", "read_log", "roles_of"]
