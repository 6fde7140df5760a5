"""Changes to the corpus folder: place an upload, rewrite metadata, swap a PDF, trash, restore.

The corpus folder is the source of truth, so every change here is made so that a crash at
any moment leaves a folder the next start can use as it is (or repair with `repair`):

- new files are written under dot-prefixed names (`.incoming/`, `.tmp-*`), which
  `find_corpus_files` never sees, fsynced, then given their real names by a rename or a
  hard link (atomic; a link also refuses to overwrite, so two writers never share a name);
- a document's metadata file is placed before its PDF, and the PDF is what makes it exist;
- a removed document is moved whole to `.trash/<timestamp>-<doc_id>/`, PDF last out, metadata
  last back, so that a half-finished move is recognised and finished by `repair`.

File names come from titles (`slugify`), never from what a client called its file.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from indexer.corpus.folder import (
    METADATA_SUFFIX,
    TRASH_DIR_NAME,
    CorpusFile,
    content_hash_of,
    corpus_pdf_paths,
    find_corpus_files,
    metadata_path_for,
)
from indexer.corpus.names import (
    is_stage_key,
    safe_folder,
    trash_name,
)
from indexer.errors import Conflict, NotFound
from indexer.files import file_sha256, fsync_path, write_atomically

logger = logging.getLogger(__name__)

INCOMING_DIR_NAME = ".incoming"
TRASH_RECORD = "trash.json"
STALE_INCOMING_SECONDS = 24 * 3600


# --- The trash --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrashEntry:
    """A document in the trash: where it came from, who removed it, why, and when."""

    name: str
    doc_id: str
    folder: str  # relative to the corpus, e.g. "reports"
    removed_at: str
    by: str
    reason: str  # "removed" or "replaced"
    title: str
    path: Path

    @property
    def pdf_path(self) -> Path:
        return self.path / f"{self.doc_id}.pdf"

    @property
    def meta_path(self) -> Path:
        return self.path / f"{self.doc_id}{METADATA_SUFFIX}"


# --- The collection ---------------------------------------------------------------------------


class Collection:
    """The corpus folder's files, and the only code that moves or renames them."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.incoming_dir = corpus_dir / INCOMING_DIR_NAME
        self.trash_dir = corpus_dir / TRASH_DIR_NAME
        self._sha_cache: dict[Path, tuple[int, int, str]] = {}

    # -- looking up ------------------------------------------------------------------------

    def files(self) -> list[CorpusFile]:
        return find_corpus_files(self.corpus_dir)

    def find(self, doc_id: str) -> CorpusFile:
        """The document `doc_id` (only its PDF is hashed, not the whole corpus)."""
        pdf_path = corpus_pdf_paths(self.corpus_dir).get(doc_id)
        if pdf_path is None:
            raise NotFound("document_not_found", doc_id=doc_id)
        return self.corpus_file(doc_id, pdf_path)

    def corpus_file(self, doc_id: str, pdf_path: Path) -> CorpusFile:
        """A corpus document with its content hash as it is on disk now."""
        meta_path = metadata_path_for(pdf_path)
        return CorpusFile(
            doc_id, pdf_path, meta_path, content_hash_of(self.sha256(pdf_path), meta_path)
        )

    def stems_in_use(self) -> set[str]:
        """Every name a new document must not take: PDFs and metadata files (a metadata file
        without its PDF is left from an interrupted change) and documents in the trash."""
        stems = {entry.doc_id for entry in self.trashed()}
        if self.corpus_dir.is_dir():
            for path in self.corpus_dir.rglob("*"):
                relative = path.relative_to(self.corpus_dir)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if path.suffix.lower() in (".pdf", METADATA_SUFFIX):
                    stems.add(path.stem)
        return stems

    def pdf_hashes(self) -> dict[str, str]:
        """sha256 of each corpus PDF → its doc_id (hashes cached by size and mtime)."""
        found: dict[str, str] = {}
        for doc_id, path in corpus_pdf_paths(self.corpus_dir).items():
            try:
                found.setdefault(self.sha256(path), doc_id)
            except OSError:
                continue
        return found

    def sha256(self, path: Path) -> str:
        """A corpus PDF's sha256, read again only when its size or mtime changed."""
        stat = path.stat()
        cached = self._sha_cache.get(path)
        if cached and cached[:2] == (stat.st_size, stat.st_mtime_ns):
            return cached[2]
        digest = file_sha256(path)
        self._sha_cache[path] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest

    # -- staging ---------------------------------------------------------------------------

    def new_stage(self) -> tuple[str, Path]:
        """A fresh hidden path for an incoming PDF, and its key (what the web form keeps)."""
        self.incoming_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16)
        return key, self.incoming_dir / f"{key}.pdf"

    def stage_path(self, key: str) -> Path:
        """The staged PDF for a key from a form; a key that is not ours finds nothing."""
        if not is_stage_key(key):
            raise NotFound("upload_not_found")
        path = self.incoming_dir / f"{key}.pdf"
        if not path.is_file():
            raise NotFound("upload_not_found")
        return path

    def stage_metadata(self, data: bytes) -> Path:
        """A metadata file waiting to be placed (hidden, durable)."""
        meta_path = self.incoming_dir / f"{secrets.token_hex(16)}{METADATA_SUFFIX}"
        write_atomically(meta_path, data)
        return meta_path

    # -- placing -----------------------------------------------------------------------------

    def place(self, stem: str, folder: str, staged_pdf: Path, staged_meta: Path) -> CorpusFile:
        """Give staged files their corpus names: metadata first, then the PDF (which makes the
        document exist). Links refuse to overwrite: a name taken meanwhile is a Conflict."""
        target_dir = self.corpus_dir / folder
        target_dir.mkdir(parents=True, exist_ok=True)
        pdf_path = target_dir / f"{stem}.pdf"
        meta_path = metadata_path_for(pdf_path)
        fsync_path(staged_pdf)
        try:
            os.link(staged_meta, meta_path)
        except FileExistsError as error:
            raise Conflict("name_taken", stem=stem) from error
        try:
            os.link(staged_pdf, pdf_path)
        except FileExistsError as error:
            meta_path.unlink(missing_ok=True)
            raise Conflict("name_taken", stem=stem) from error
        fsync_path(target_dir)
        staged_meta.unlink(missing_ok=True)
        staged_pdf.unlink(missing_ok=True)
        return self.corpus_file(stem, pdf_path)

    def commit_metadata(self, corpus_file: CorpusFile, staged_meta: Path) -> CorpusFile:
        """Replace a document's metadata file by a staged one (one atomic rename)."""
        os.replace(staged_meta, corpus_file.meta_path)
        fsync_path(corpus_file.meta_path.parent)
        return self.corpus_file(corpus_file.doc_id, corpus_file.pdf_path)

    def swap_pdf(
        self, corpus_file: CorpusFile, staged_pdf: Path, by: str, title: str = ""
    ) -> TrashEntry:
        """Put a new PDF in place of a document's PDF; the old one is kept in the trash, under
        the document's `title` at the time."""
        entry = self._new_trash_entry(corpus_file, by, "replaced", title)
        os.link(corpus_file.pdf_path, entry.pdf_path)
        if corpus_file.meta_path.is_file():
            os.link(corpus_file.meta_path, entry.meta_path)
        fsync_path(entry.path)
        fsync_path(staged_pdf)
        os.replace(staged_pdf, corpus_file.pdf_path)
        fsync_path(corpus_file.pdf_path.parent)
        return entry

    # -- the trash ---------------------------------------------------------------------------

    def trash(self, corpus_file: CorpusFile, by: str, title: str = "") -> TrashEntry:
        """Move a document to the trash: its PDF first (it is gone from then on), then its
        metadata. `repair` finishes the move if it was interrupted in between."""
        entry = self._new_trash_entry(corpus_file, by, "removed", title)
        os.replace(corpus_file.pdf_path, entry.pdf_path)
        if corpus_file.meta_path.is_file():
            os.replace(corpus_file.meta_path, entry.meta_path)
        fsync_path(entry.path)
        fsync_path(corpus_file.pdf_path.parent)
        return entry

    def trashed(self) -> list[TrashEntry]:
        """Everything in the trash, newest first."""
        if not self.trash_dir.is_dir():
            return []
        entries = []
        for path in sorted(self.trash_dir.iterdir(), reverse=True):
            record = path / TRASH_RECORD
            if not path.is_dir() or not record.is_file():
                continue
            try:
                data = json.loads(record.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                logger.warning("%s: unreadable trash record", record)
                continue
            entries.append(
                TrashEntry(
                    name=path.name,
                    doc_id=str(data.get("doc_id", "")),
                    folder=str(data.get("folder", "reports")),
                    removed_at=str(data.get("removed_at", "")),
                    by=str(data.get("by", "")),
                    reason=str(data.get("reason", "removed")),
                    title=str(data.get("title", "")),
                    path=path,
                )
            )
        return [entry for entry in entries if entry.doc_id]

    def trash_entry(self, name: str) -> TrashEntry:
        for entry in self.trashed():
            if entry.name == name:
                return entry
        raise NotFound("not_in_trash", name=name)

    def latest_trash_entry(self, doc_id: str) -> TrashEntry:
        for entry in self.trashed():
            if entry.doc_id == doc_id and entry.pdf_path.is_file():
                return entry
        raise NotFound("not_in_trash", name=doc_id)

    def restore(self, entry: TrashEntry) -> CorpusFile:
        """Move a trashed document back: metadata first, the PDF last (then it exists again)."""
        if not entry.pdf_path.is_file():
            raise NotFound("trashed_pdf_missing", name=entry.name)
        if entry.doc_id in corpus_pdf_paths(self.corpus_dir):
            raise Conflict("document_exists", doc_id=entry.doc_id)
        folder = self.corpus_dir / safe_folder(entry.folder)
        folder.mkdir(parents=True, exist_ok=True)
        pdf_path = folder / f"{entry.doc_id}.pdf"
        meta_path = metadata_path_for(pdf_path)
        if entry.meta_path.is_file():
            os.replace(entry.meta_path, meta_path)
        os.replace(entry.pdf_path, pdf_path)
        fsync_path(folder)
        for leftover in entry.path.iterdir():
            leftover.unlink()
        entry.path.rmdir()
        return self.corpus_file(entry.doc_id, pdf_path)

    def _new_trash_entry(
        self, corpus_file: CorpusFile, by: str, reason: str, title: str = ""
    ) -> TrashEntry:
        moment = datetime.now(UTC)
        name = trash_name(moment, corpus_file.doc_id)
        path = self.trash_dir / name
        path.mkdir(parents=True)
        folder = corpus_file.pdf_path.parent.relative_to(self.corpus_dir).as_posix()
        record = {
            "doc_id": corpus_file.doc_id,
            "folder": folder,
            "removed_at": moment.isoformat(timespec="seconds"),
            "by": by,
            "reason": reason,
            "title": title,
        }
        write_atomically(path / TRASH_RECORD, json.dumps(record, ensure_ascii=False).encode())
        return TrashEntry(
            name, corpus_file.doc_id, folder, record["removed_at"], by, reason, title, path
        )

    # -- repairing after a crash -----------------------------------------------------------

    def repair(self) -> list[str]:
        """Finish what an interrupted change left: temporary files, stale uploads, metadata
        files whose PDF went to the trash. Returns what was done, for the log."""
        done: list[str] = []
        if not self.corpus_dir.is_dir():
            return done
        for path in self.corpus_dir.rglob(".tmp-*"):
            if path.is_file():
                path.unlink(missing_ok=True)
                done.append(f"removed temporary file {path.relative_to(self.corpus_dir)}")
        if self.incoming_dir.is_dir():
            cutoff = time.time() - STALE_INCOMING_SECONDS
            for path in self.incoming_dir.iterdir():
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
                    done.append(f"removed stale upload {path.name}")
        present = corpus_pdf_paths(self.corpus_dir)
        for entry in self.trashed():
            if entry.pdf_path.is_file() and not entry.meta_path.exists():
                orphan = self.corpus_dir / safe_folder(entry.folder) / entry.meta_path.name
                if orphan.is_file() and entry.doc_id not in present:
                    os.replace(orphan, entry.meta_path)
                    done.append(f"moved {orphan.name} to the trash beside its PDF")
        for line in done:
            logger.info("corpus repair: %s", line)
        return done

    def discard_stage(self, key_or_path: str | Path) -> None:
        path = key_or_path if isinstance(key_or_path, Path) else None
        if path is None and isinstance(key_or_path, str) and is_stage_key(key_or_path):
            path = self.incoming_dir / f"{key_or_path}.pdf"
        if path is not None and path.parent == self.incoming_dir:
            path.unlink(missing_ok=True)
