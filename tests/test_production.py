"""The production path (issue 15, first step): static files collect as a production
server serves them, with whitenoise's compressed manifest storage."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())

    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/govuk/govuk-frontend.min.css" in manifest
    assert "vendor/chartjs/chart.umd.min.js" in manifest


@pytest.mark.parametrize("name", ["govuk/govuk-frontend.min.css", "chartjs/chart.umd.min.js"])
def test_each_minified_vendor_file_has_the_source_map_it_names(name):
    vendor = settings.BASE_DIR / "static" / "vendor"
    text = (vendor / name).read_text(errors="replace")
    assert "sourceMappingURL" in text
    assert (vendor / f"{name}.map").exists()
