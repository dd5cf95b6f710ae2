"""Text people typed, shown as they typed it: lines kept, "- " lines as a list."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLET = re.compile(r"^\s*[-•*]\s+")


@register.filter(needs_autoescape=False)
def typed_text(text, css_class: str = "govuk-body") -> SafeString:
    """`text` as paragraphs (a blank line between them, line breaks kept inside) and
    bullet lists (lines starting "- ", "• " or "* "). Everything is escaped first."""
    blocks: list[SafeString] = []
    for kind, lines in text_blocks(str(text or "")):
        if kind == "list":
            items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
            blocks.append(
                format_html(
                    '<ul class="govuk-list govuk-list--bullet {}">{}</ul>', css_class, items
                )
            )
        else:
            joined = mark_safe("<br>".join(conditional_escape(line) for line in lines))  # noqa: S308 - each line escaped
            blocks.append(format_html('<p class="{}">{}</p>', css_class, joined))
    return mark_safe("".join(blocks))  # noqa: S308 - each block built by format_html


def text_blocks(text: str) -> list[tuple[str, list[str]]]:
    """("paragraph" | "list", lines) in order; a bullet's marker removed."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            blocks.append(("gap", []))
            continue
        kind = "list" if BULLET.match(line) else "paragraph"
        if kind == "list":
            line = BULLET.sub("", line)
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return [block for block in blocks if block[0] != "gap"]
