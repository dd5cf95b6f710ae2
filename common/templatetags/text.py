"""Text people typed, shown as they typed it: lines kept, "- " lines as a list."""

import re
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLET = re.compile(r"^\s*[-•*]\s+")


@register.filter(needs_autoescape=False)
def typed_text(text, css_class: str = "govuk-body") -> SafeString:
    """`text` as paragraphs (a blank line between them, line breaks kept inside) and
    bullet lists (lines starting "- ", "• " or "* "). Everything is escaped first.
    Written with `html.escape` (what Django's escape calls) rather than format_html: a
    month's history shows this fifty times."""
    css = escape(str(css_class))
    blocks = []
    for kind, lines in text_blocks(str(text or "")):
        if kind == "list":
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            blocks.append(f'<ul class="govuk-list govuk-list--bullet {css}">{items}</ul>')
        else:
            blocks.append(f'<p class="{css}">{"<br>".join(escape(line) for line in lines)}</p>')
    return mark_safe("".join(blocks))  # noqa: S308 - every part escaped


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
