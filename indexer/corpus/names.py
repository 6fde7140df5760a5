"""Names in the corpus folder: a document's file name from its title (`slugify`, then
`unique_stem`), its folder from its kind, a trash folder's name, and what of a client's file
name or a trash record may be trusted. Pure functions: no file is read or written here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from indexer.analysis import fold_turkish

KIND_FOLDERS = {"law": "laws", "regulation": "regulations", "report": "reports"}
MAX_SLUG_LENGTH = 80
STAGE_KEY_RE = re.compile(r"^[0-9a-f]{32}$")

# Turkish (and a few other) letters that NFKD does not take apart into ASCII; apostrophes
# go, so that a suffix stays with its word (`İstanbul’un` → `istanbulun`).
TRANSLITERATION = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "'": "", "’": ""}
)


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """`Göçmenlerin Uyumu: 2023 Raporu` → `gocmenlerin-uyumu-2023-raporu` (never empty)."""
    # Folded the way search compares Turkish (İ → i, I → ı → i, ç → c, é → e).
    ascii_text = fold_turkish(text).translate(TRANSLITERATION)
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        # Cut at a word boundary when one is reasonably near the end.
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
    return slug.strip("-") or "belge"


def unique_stem(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… whichever is free (the suffix stays within the limit)."""
    if slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = slug[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def kind_folder(kind: str) -> str:
    return KIND_FOLDERS.get(kind, KIND_FOLDERS["report"])


def trash_name(moment: datetime, doc_id: str) -> str:
    """A trash folder name that sorts by time: `20250101T120000123456Z-<doc_id>`."""
    return f"{moment.strftime('%Y%m%dT%H%M%S%f')}Z-{doc_id}"


def display_name(client_name: str | None) -> str:
    """A client's file name, fit for messages only (never for a path): its last component,
    without control characters, at most 100 characters."""
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[-100:] if name not in ("", ".", "..") else "upload.pdf"


def is_stage_key(key: str) -> bool:
    return STAGE_KEY_RE.fullmatch(key) is not None


def safe_folder(folder: str) -> str:
    """A trash record's folder, trusted only if it stays inside the corpus."""
    parts = [part for part in folder.split("/") if part not in ("", ".", "..")]
    if not parts or any(part.startswith(".") for part in parts):
        return KIND_FOLDERS["report"]
    return "/".join(parts)
