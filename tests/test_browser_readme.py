"""The README's pictures, taken from the demonstration data as a board member sees it:
`artefacts/screenshots/readme-*.png`, copied to docs/ when they change."""

from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import PASSWORD
from .test_browser import SCREENSHOTS, blocking_violations, sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_readme_pictures_of_the_demo_dashboard_and_tracker(page, framework):
    call_command("load_demo", password=PASSWORD, stdout=StringIO())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "dashboard": ("kent-board", "/areas/kent/"),
        "tracker": ("sunderland-board", "/areas/sunderland/tracker/"),
    }
    for name, (username, path) in shots.items():
        page.context.clear_cookies()
        sign_in(page, username)
        page.goto(path)
        assert blocking_violations(page) == []
        page.screenshot(path=SCREENSHOTS / f"readme-{name}.png", full_page=False)

    for name in shots:
        assert (SCREENSHOTS / f"readme-{name}.png").stat().st_size > 20_000
