"""Tags of the page frame: the way back from an error page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


@register.simple_tag(takes_context=True)
def back_url(context: dict[str, Any]) -> str:
    """The page the visitor came from, when it is a page of this site other than this one;
    otherwise "" (the error page then offers only the start page)."""
    request = context.get("request")
    if request is None:
        return ""
    referer = str(request.META.get("HTTP_REFERER", ""))
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith("//") or parts.path == request.path:
        return ""
    return str(path)
