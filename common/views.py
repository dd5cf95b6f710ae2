"""The one form page every feature uses: show a form, save it through a service,
go on to the saved record's page, or show why the rules refused it."""

from django.contrib import messages
from django.shortcuts import redirect, render

from .errors import Refused


def form_page(
    request,
    membership,
    form,
    *,
    title,
    save,
    back,
    nav,
    caption="",
    done_url=None,
    template="common/form.html",
    extra=None,
):
    """On a valid POST call `save(cleaned_data)` and go to `done_url` (or the saved
    record's page); otherwise show the form. `back` is a (label, url) pair."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{title}: saved.")
            return redirect(done_url or saved.get_absolute_url())
    context = {
        "membership": membership,
        "area": membership.area,
        "nav": nav,
        "form": form,
        "title": title,
        "caption": caption,
        "back": back,
        **(extra or {}),
    }
    return render(request, template, context)
