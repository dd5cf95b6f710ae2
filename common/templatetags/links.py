"""{% link name [arg] %}: `{% url %}` for the links every page repeats (the header's
menu, the dashboard's), each URL reversed once a process rather than once a page:
nineteen reverses were a thirtieth of the dashboard's time. The URL configuration
and script prefix do not change while a process runs."""

import functools

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.links import url_with_last

register = template.Library()


@register.simple_tag
def link(name: str, *args) -> SafeString:
    """What `{% url name %}` or `{% url name arg %}` writes (escaped for HTML)."""
    if not args:
        return _without_arguments(name)
    if len(args) > 1:
        raise template.TemplateSyntaxError("{% link %} takes a URL name and at most one argument")
    return mark_safe(_with_last(name)(args[0]))  # noqa: S308 - url_with_last escapes


@functools.cache
def _without_arguments(name: str) -> SafeString:
    return mark_safe(escape(reverse(name)))  # noqa: S308 - escaped


@functools.cache
def _with_last(name: str):
    return url_with_last(name)
