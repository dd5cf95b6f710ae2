"""{% link %} (common/templatetags/links.py) caches reversed URLs: it must write what
{% url %} writes, for every area, not only the first one asked for."""

import pytest
from django.template import TemplateSyntaxError, engines

django_templates = engines["django"]


@pytest.mark.parametrize("slug", ["sunderland", "north-tyneside", "x1"])
def test_link_writes_what_url_writes(slug):
    names = ["dashboard", "ratings:tracker", "kpis:kpis", "members:members"]
    for name in names:
        by_url = django_templates.from_string(f"{{% url '{name}' slug %}}")
        by_link = django_templates.from_string(f"{{% load links %}}{{% link '{name}' slug %}}")
        assert by_link.render({"slug": slug}) == by_url.render({"slug": slug})
    for name in ["home", "logout", "password_change", "frameworks:frameworks"]:
        assert django_templates.from_string(f"{{% load links %}}{{% link '{name}' %}}").render(
            {}
        ) == django_templates.from_string(f"{{% url '{name}' %}}").render({})


def test_link_takes_one_argument_at_most():
    with pytest.raises(TemplateSyntaxError):
        django_templates.from_string("{% load links %}{% link 'dashboard' 'a' 'b' %}").render({})
