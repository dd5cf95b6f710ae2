"""Issue 16 in the browser: what a SEND team meets on its first day of real use."""

import re

import pytest

from .test_browser import set_level, sign_in


def luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tag_colours(page, colour: str) -> tuple[str, str]:
    tag = page.locator(f".govuk-tag--{colour}.app-level").first
    return tag.evaluate(
        "element => [getComputedStyle(element).backgroundColor, getComputedStyle(element).color]"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_red_and_amber_tags_are_told_apart_and_their_words_are_readable(page, world, levels):
    set_level(world.march, "A1", levels["red"])
    sign_in(page, world.member("board").username)
    page.goto(f"/areas/{world.area.slug}/tracker/")

    red_fill, red_text = tag_colours(page, "red")
    amber_fill, amber_text = tag_colours(page, "orange")

    assert contrast(red_fill, amber_fill) >= 3
    assert contrast(red_fill, red_text) >= 4.5
    assert contrast(amber_fill, amber_text) >= 4.5
    assert page.locator(".govuk-tag--red.app-level").first.inner_text() == "Red"
