"""Accent-insensitive matching for Vietnamese: "van hoa" finds "Văn hóa"."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, without diacritics, đ as d, spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
