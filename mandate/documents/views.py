"""The document register (look-up by symbol as people type it, by words of the title, filters) and
the download of an attachment. The document detail page shows the document's tasks, so it lives
in the tasks app (mandate/tasks/views/documents.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.http import replace_url

from mandate.core import paging
from mandate.core.downloads import file_download
from mandate.documents import permissions, selectors
from mandate.documents.forms import DocumentFilterForm
from mandate.documents.models import Document
from mandate.people.actors import actor_of

PAGE_SIZE = 50


def _form(request: HttpRequest) -> DocumentFilterForm:
    """The filter form, with the choices the reader can use: the document types, and the units
    that issued a document he may see (one query each)."""
    types = [(t.slug, t.localized_name) for t in selectors.document_type_list()]
    issuers = (
        selectors.document_list_visible(actor=actor_of(request.user))
        .order_by("issuing_unit__name", "issuing_unit_id")
        .values_list("issuing_unit_id", "issuing_unit__name")
        .distinct()
    )
    return DocumentFilterForm(
        request.GET, types=types, issuers=issuers, orderings=selectors.DOCUMENT_ORDERING_CHOICES
    )


def _results(request: HttpRequest, form: DocumentFilterForm) -> dict[str, Any]:
    """The page of the register: its rows numbered in the whole list (STT), the sort links of
    its column headers and its page numbers, every address keeping the filters."""
    page: Page[Document] | None = None
    ordering = selectors.DEFAULT_DOCUMENT_ORDERING
    if form.is_valid():
        ordering = form.ordering_value(ordering)
        documents = selectors.document_list_visible(
            actor=actor_of(request.user), ordering=ordering, **form.filters()
        )
        page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    params = QueryDict(mutable=True)
    for key in request.GET:
        value = request.GET.get(key, "")
        if value and key != "page":
            params[key] = value
    base = reverse("documents:register")
    return {
        "form": form,
        "page_obj": page,
        "rows": paging.numbered(page.object_list if page is not None else [], page),
        "page_links": paging.page_links(page, params, base=base) if page is not None else {},
        "sort": paging.sort_links(params, ordering, selectors.DOCUMENT_ORDERINGS, base=base),
        "filtered": any(form.filters().values()) if page else False,
    }


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The register of the documents the reader may see; a plain GET form works without JS."""
    context = _results(request, _form(request))
    context["may_register"] = permissions.can_register_any(actor=actor_of(request.user))
    return render(request, "documents/register.html", context)


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """The register's results alone, for htmx while people type a symbol or words of the title.
    The address bar follows (``HX-Replace-Url``), so a reload or a shared link shows the same."""
    response = render(request, "documents/_results.html", _results(request, _form(request)))
    query = urlencode([(k, v) for k, v in request.GET.items() if v and k != "page"])
    target = reverse("documents:register") + (f"?{query}" if query else "")
    return replace_url(response, target)


@require_GET
def attachment(request: HttpRequest, document_id: int, attachment_id: int) -> FileResponse:
    """The file itself, checked against the reader's scope on every download."""
    found = selectors.attachment_get_visible(
        actor=actor_of(request.user), document_id=document_id, attachment_id=attachment_id
    )
    return file_download(file=found.file, display_name=found.display_name, content_type=found.content_type)
