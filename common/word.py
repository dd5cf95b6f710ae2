"""Word papers from the templates in templates/documents/ (docxtpl: Word files with
Jinja tags, which democratic services can restyle in Word). Features build a context of
plain dicts, lists and strings; this module turns it into a .docx download."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from docxtpl import DocxTemplate, RichText

FOLDER = Path(settings.BASE_DIR) / "templates" / "documents"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters an XML (and so a Word) file cannot hold at all.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BULLET = re.compile(r"^\s*[-*•]\s+")


def paper(template: str, context: dict[str, Any]) -> bytes:
    document = DocxTemplate(FOLDER / template)
    document.render(clean(context), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def clean(value: Any) -> Any:
    """The context with every string made safe to put in a Word file."""
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean(item) for item in value]
    return value


def text_block(text: str) -> RichText:
    """Typed text as it was typed: its line breaks kept, and "- " or "* " bullets shown
    as "•" bullets. A template shows it with `{{r name }}` (docxtpl's rich text)."""
    text = NOT_IN_XML.sub("", text or "").strip()
    rich = RichText()
    for index, line in enumerate(text.splitlines()):
        if index:
            rich.add("\n")
        rich.add(BULLET.sub("• ", line.rstrip()))
    return rich
