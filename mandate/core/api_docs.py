"""The API's documentation page (Swagger UI) under the strict Content-Security-Policy.

drf-spectacular's own page starts Swagger UI with an inline ``<script>`` and styles itself with an
inline ``<style>``; the policy (``default-src 'self'``, no ``'unsafe-inline'``) blocks both, and
the page stayed blank (issue 10 §2). This page loads the same sidecar files and a static
initialiser (``static/js/api-docs.js``) that reads its settings from ``data-`` attributes, so
nothing inline runs and the policy needs no exception.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    template_name = "core/api_docs.html"
