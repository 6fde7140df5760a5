"""The librarian workflow: add, correct, replace, remove and restore documents
(`Curator`), the typed metadata fields and the audit log.
"""

from __future__ import annotations

from search_api.curation.audit import AUDIT_FILE, AuditEvent, AuditLog, AuditQuery, in_istanbul
from search_api.curation.contracts import Change, Reader, staged_probe
from search_api.curation.curator import Curator
from search_api.curation.fields import EDITABLE_FIELDS, clean_fields
from search_api.curation.proposals import Proposal

__all__ = [
    "AUDIT_FILE",
    "EDITABLE_FIELDS",
    "AuditEvent",
    "AuditLog",
    "AuditQuery",
    "Change",
    "Curator",
    "Proposal",
    "Reader",
    "clean_fields",
    "in_istanbul",
    "staged_probe",
]
