"""The links of a paged, sortable list page: the page numbers around the current page with the
previous and next pages, and the column headers' sort links — each address keeping the list's
filters. Shared by the task list and the document register."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page
from django.http import QueryDict


def page_links(page: Page[Any], params: QueryDict, *, base: str = "") -> dict[str, Any]:
    """The page numbers around the current one, with the first and the last (``None``: a gap),
    and the previous and next pages, each with its address (``base`` and the same filters and
    order: a list served in pieces, as the register's results by htmx, names its page)."""

    def url(number: int) -> str:
        query = params.copy()
        query["page"] = str(number)
        return f"{base}?{query.urlencode()}"

    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {
        "pages": [
            {"number": n, "url": url(n), "current": n == page.number}
            if isinstance(n, int)
            else {"number": None}
            for n in numbers
        ],
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
    }


def sort_links(
    params: QueryDict, ordering: str, keys: Iterable[str], *, base: str = ""
) -> dict[str, dict[str, Any]]:
    """For each sortable column, the address that sorts by it — ascending first, the other way
    when the list is already sorted by it ascending — from the first page, and the direction
    the list is sorted in now ("asc", "desc" or None)."""
    links = {}
    for key in keys:
        query = params.copy()
        query.pop("page", None)
        current = "asc" if ordering == key else "desc" if ordering == f"-{key}" else None
        query["ordering"] = f"-{key}" if current == "asc" else key
        links[key] = {"url": f"{base}?{query.urlencode()}", "current": current}
    return links


def numbered(rows: Iterable[Any], page: Page[Any] | None) -> list[dict[str, Any]]:
    """The rows of a page with their place in the whole list (STT: 1, 2, 3… across pages)."""
    first = page.start_index() if page is not None and page.paginator.count else 1
    return [{"number": first + index, "object": row} for index, row in enumerate(rows)]
