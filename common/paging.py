"""One page of a list that grows without end (a month a row), for common/pagination.html."""

from django.core.paginator import Page, Paginator


def page_of(items, number, *, per_page: int) -> Page:
    """The page `number` of `items` (a queryset is sliced in the database, and read
    once); a missing or unknown number gives the first page, one past the end the last."""
    page = Paginator(items, per_page).get_page(number)
    page.object_list = list(page.object_list)
    # The page numbers to link to, with Paginator.ELLIPSIS where some are left out.
    page.numbers = list(  # type: ignore[attr-defined]
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page
