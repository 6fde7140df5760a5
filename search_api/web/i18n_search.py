"""The search page's texts beyond the form: suggestions, the cross-language note, sorting,
grouping, export and the report page view. Merged into `i18n.STRINGS`."""

from __future__ import annotations

SEARCH_STRINGS: dict[str, dict[str, str]] = {
    "did_you_mean": {"tr": "Bunu mu demek istediniz:", "en": "Did you mean:"},
    "also_searched": {"tr": "Şunlar da arandı:", "en": "Also searched:"},
    "typed_only": {
        "tr": "Yalnızca yazdığınız kelimelerle ara",
        "en": "Search only the words you typed",
    },
    "typed_only_note": {
        "tr": "Çeviri eklenmeden, yalnızca yazdığınız kelimeler arandı.",
        "en": "Only the words you typed were searched, without translations.",
    },
    "with_translations": {"tr": "Çevirileriyle ara", "en": "Search with translations"},
    "only_excluded": {
        "tr": "Aranacak kelime yok: dışarıda bıraktığınız kelimeleri içermeyen tüm bölümler "
        "listeleniyor.",
        "en": "No word to search for: every passage without the words you left out is listed.",
    },
    "sort_label": {"tr": "Sıralama", "en": "Sort by"},
    "sort_relevance": {"tr": "İlgiye göre", "en": "Relevance"},
    "sort_date": {"tr": "Tarihe göre (en yeni)", "en": "Date (newest first)"},
    "group_label": {"tr": "Belgeye göre grupla", "en": "Group by document"},
    "filters_apply": {"tr": "Uygula", "en": "Apply"},
    "filters_on": {"tr": "süzgeç açık", "en": "filtered"},
    "group_more": {
        "tr": "bu belgede {count} sayfa/madde daha",
        "en": "{count} more pages in this document",
    },
    "results_groups": {"tr": "{count} belgede", "en": "in {count} documents"},
    "export_heading": {"tr": "Sonuçları indir", "en": "Take the results away"},
    "export_csv": {"tr": "CSV olarak indir", "en": "Download as CSV"},
    "export_citations": {"tr": "Madde atıfları (metin)", "en": "Article citations (text)"},
    "export_cap": {
        "tr": "İlk {cap} sonuç indirilir.",
        "en": "The first {cap} results are downloaded.",
    },
    "report_page_title": {"tr": "{title}, sayfa {page}", "en": "{title}, page {page}"},
    "report_page_previous": {"tr": "Önceki sayfa", "en": "Previous page"},
    "report_page_next": {"tr": "Sonraki sayfa", "en": "Next page"},
    "report_page_all": {"tr": "Belgenin tamamı", "en": "The whole document"},
    "report_page_empty": {
        "tr": "Bu sayfada aranabilir metin yok.",
        "en": "This page has no searchable text.",
    },
    "marked_words": {"tr": "İşaretlenen kelimeler: {words}", "en": "Marked words: {words}"},
    "back_to_results": {"tr": "Sonuçlara dön", "en": "Back to the results"},
}
