"""The librarians' web side: accounts, sessions and tokens, uploads, the admin pages and
the JSON routes that change the collection.
"""

from __future__ import annotations

from search_api.admin.accounts import USERS_FILE, Accounts
from search_api.admin.auth import Authenticator, secret_key_for
from search_api.admin.sessions import SESSIONS_FILE, SessionStore
from search_api.admin.throttle import THROTTLE_FILE, LoginThrottle, parse_networks

__all__ = [
    "SESSIONS_FILE",
    "THROTTLE_FILE",
    "USERS_FILE",
    "Accounts",
    "Authenticator",
    "LoginThrottle",
    "SessionStore",
    "parse_networks",
    "secret_key_for",
]
