"""Print the metadata an upload would propose for each PDF given (files or folders): title,
kind, language, year and the doc_id it would get, as a Markdown table. The README's
"proposals" figures and issue 15's before/after list come from this.

    python scripts/show_proposals.py ../shared/testdata/pdfs/real ../shared/corpus
"""

from __future__ import annotations

import sys
from pathlib import Path

from indexer.errors import UnreadablePdf
from indexer.extraction import Extractor
from indexer.files import file_sha256
from search_api.curation import staged_probe
from search_api.curation.proposals import propose, short_doc_id

OCR_CACHE = Path(__file__).resolve().parents[1] / "var" / "proposals-ocr-cache"


def pdfs_in(arguments: list[str]) -> list[Path]:
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        found.extend(sorted(path.rglob("*.pdf")) if path.is_dir() else [path])
    return found


def main(arguments: list[str]) -> None:
    extractor = Extractor(ocr_cache_dir=OCR_CACHE)
    print("| file | title | kind | lang | year | doc_id | OCR pages |")
    print("|---|---|---|---|---|---|---|")
    for pdf in pdfs_in(arguments):
        try:
            read = extractor.read(staged_probe(pdf, pdf.name), None)
        except UnreadablePdf as error:
            print(f"| {pdf.name} | (unreadable: {error.reason}) | | | | | |")
            continue
        detected = propose(read, pdf.name, file_sha256(pdf), None).detected
        title = str(detected.get("title", ""))
        ocr = ", ".join(str(number) for number in read.ocr_page_numbers) or "-"
        print(
            f"| {pdf.name} | {title} | {detected.get('kind', '')} | {detected.get('lang', '')} "
            f"| {detected.get('year', '')} | {short_doc_id(title)} | {ocr} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
