"""What a done report must carry (issue 10, item 4): the result in words and, where the task
declares an expected product, the product — a file, or a registered document that is it. One
click on an empty form no longer moves a task to "reported done"; the page and the API get the
same refusal, field by field. ``lifecycle.task_transition`` calls these for ``report_done``."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError
from mandate.core.uploads import CheckedFile, check_upload, sha256_of
from mandate.documents.models import Document
from mandate.tasks.models import Evidence, ProgressReport, Task
from mandate.tasks.services.common import require_text

MAX_PRODUCT_FILES = 10


def check_done_report(
    *,
    task: Task,
    reason: str,
    files: Sequence[UploadedFile[bytes]],
    product_document: Document | None,
) -> tuple[str, list[CheckedFile]]:
    """The result in words (returned cleaned), and the product where one is expected; every file
    checked (size, type by content) before anything is stored."""
    result = require_text(
        reason, "reason", _("Say what was achieved: the result is part of the done report.")
    )
    if len(files) > MAX_PRODUCT_FILES:
        message = _("At most %(n)s files.") % {"n": MAX_PRODUCT_FILES}
        raise ApplicationError(message, fields={"files": [message]})
    if task.expected_product.strip() and not files and product_document is None:
        message = _(
            "This task expects a product (“%(product)s”): attach the product file, or name the "
            "registered document that is the product."
        ) % {"product": task.expected_product.strip()[:200]}
        or_document = _("Or name here the registered document that is the product.")
        raise ApplicationError(
            message, code="product_required", fields={"files": [message], "product_document": [or_document]}
        )
    return result, [check_upload(upload) for upload in files]


def store_product(
    *, report: ProgressReport, files: Sequence[UploadedFile[bytes]], checked: Sequence[CheckedFile]
) -> list[Evidence]:
    """The product files, as the done report's evidence (inside the caller's transaction). Files
    already written are removed again if a later one fails."""
    stored: list[Evidence] = []
    try:
        for upload, check in zip(files, checked, strict=True):
            evidence = Evidence(
                report=report,
                display_name=check.display_name,
                content_type=check.content_type,
                size=check.size,
                sha256=sha256_of(upload),
            )
            evidence.file.save(check.storage_name, upload, save=False)
            stored.append(evidence)
            evidence.save()
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored
