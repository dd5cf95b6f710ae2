"""Every page reflows at 320 CSS px (WCAG 2.2, 1.4.10): nothing scrolls sideways, for an
officer, a board member and a scrutiny officer. Wide tables scroll inside their own
labelled, focusable box, which does not count: the page itself must not."""

import pytest
from django.test import Client
from django.urls import reverse

from .test_area_scoping import OWNED, area_records, url_patterns
from .test_browser import sign_in

NARROW = {"width": 320, "height": 800}
# Files, not pages; the emailed links' pages. (A URL that only takes a POST is left out
# by asking first: the browser reports its empty 405 as an error.)
NOT_PAGES = ("_xlsx", "_docx", "_csv", "pack_document", "tracker_import_template", "logout")
SHARED_VALUES = {"month": "2018-03", "code": "A1"}


def area_pages(world, records) -> list[str]:
    """The path of every GET page of the area (and the site's own pages)."""
    paths = []
    for name, pattern in url_patterns():
        converters = set(pattern.pattern.converters)
        if name.endswith(NOT_PAGES) or {"uidb64", "token"} & converters:
            continue
        if converters & {"framework", "to_framework", "from_framework"}:
            continue  # the framework pages are checked once, below
        kwargs = {"area": world.area.slug} if "area" in converters else {}
        kwargs |= {key: value for key, value in SHARED_VALUES.items() if key in converters}
        kwargs |= {key: records[record] for key, record in OWNED.get(name, {}).items()}
        paths.append(reverse(name, kwargs=kwargs))
    return paths + [reverse("frameworks:framework", args=["send-2016"])]


def shown_to(user, paths: list[str]) -> list[str]:
    client = Client()
    client.force_login(user)
    return [path for path in paths if client.get(path).status_code != 405]


def sideways_scroll(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


# The outermost elements that reach past the page's right edge (outside a scrolling
# box), named by tag and class, so a failure says where to look.
WIDE_ELEMENTS = """() => {
  const edge = document.documentElement.clientWidth
  const named = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
    ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
  const wide = [...document.body.querySelectorAll('*')].filter(e =>
    e.getBoundingClientRect().right > edge + 1 && !e.parentElement.closest('.app-table-scroll'))
  return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 3).map(named)
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_at_320_px_for_any_reading_role(page, world):
    paths = area_pages(world, area_records(world.area, world.member("lead"), 1))
    page.set_viewport_size(NARROW)
    problems = []
    page.goto(reverse("login"))  # signed out: the sign-in page itself
    if (overflow := sideways_scroll(page)) > 0:
        problems.append(f"signed out, sign-in page: scrolls sideways by {overflow}px")
    for role in ("officer", "board", "scrutiny"):
        page.context.clear_cookies()
        sign_in(page, world.member(role).username)
        for path in shown_to(world.member(role), paths):
            page.goto(path)
            if (overflow := sideways_scroll(page)) > 0:
                wide = ", ".join(page.evaluate(WIDE_ELEMENTS))
                problems.append(f"{role} {path}: scrolls sideways by {overflow}px ({wide})")

    assert len(paths) > 40
    assert not problems, "\n".join(problems)
