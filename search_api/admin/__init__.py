"""The librarians' web side: accounts, sessions and tokens, uploads, the admin pages and
the JSON routes that change the collection.
"""

from __future__ import annotations

from search_api.admin.accounts import USERS_FILE, Accounts
from search_api.admin.auth import Authenticator, LoginThrottle, secret_key_for

__all__ = ["USERS_FILE", "Accounts", "Authenticator", "LoginThrottle", "secret_key_for"]
