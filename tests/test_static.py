"""The production static storage collects every file the pages reference (a broken reference,
such as a source map a vendored file points to, would stop `mandate serve`)."""

import json
import re
from pathlib import Path

from django.core.management import call_command

TEMPLATES = Path(__file__).resolve().parents[1] / "mandate"


def test_collectstatic_with_the_manifest_storage_and_every_reference_in_it(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    referenced = {
        match
        for template in TEMPLATES.rglob("*.html")
        for match in re.findall(r"static '([^']+)'", template.read_text(encoding="utf-8"))
    }
    assert referenced
    assert referenced - set(manifest) == set()
