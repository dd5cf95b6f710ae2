"""Sign-in and accounts (issue 15): lock-out after ten wrong passwords, changing and
resetting a password, invitations by a lead, and sessions that end."""

import datetime as dt
import io
import logging
import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from areas.models import Membership
from common.middleware import SESSION_TOUCHED, TOUCH_EVERY_SECONDS
from common.once import TOKEN

from .conftest import PASSWORD
from .factories import UserFactory
from .test_hostile_input import Forms

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
WRONG = "not-the-password"
ADDRESS = "192.0.2.10"
LOCKED = "Your account is locked for now"
NEW_PASSWORD = "amber-kestrel-harbour-71"
LINK = re.compile(r"https?://\S+")


def sign_in(client: Client, username: str, password: str, address: str = ADDRESS):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, username: str, times: int, address: str = ADDRESS) -> None:
    """Sign in with a wrong password `times` times (the tenth is answered by the lock)."""
    for attempt in range(1, times + 1):
        response = sign_in(client, username, WRONG, address)
        assert response.status_code == (429 if attempt >= 10 else 200)


def signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


@pytest.fixture
def person():
    return UserFactory(username="pat", email="pat@example.org")


@pytest.fixture
def stderr_log():
    """What the configured standard-error handler writes, while the test runs."""
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    written = io.StringIO()
    original = handler.setStream(written)
    yield written
    handler.setStream(original)


# --- lock-out ------------------------------------------------------------------------


def test_the_right_password_is_refused_after_ten_wrong_ones(client, person):
    fail(client, "pat", 10)

    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(response)
    page = response.content.decode()
    assert LOCKED in page and "for 30 minutes" in page
    assert "lead officer for your local area" in page


def test_nine_wrong_passwords_do_not_lock(client, person):
    fail(client, "pat", 9)

    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 302 and signed_in(response)


def test_a_locked_person_signs_in_from_another_address(client, person):
    fail(client, "pat", 10)

    response = sign_in(client, "pat", PASSWORD, address="198.51.100.7")

    assert response.status_code == 302 and signed_in(response)


def test_another_person_at_the_same_address_is_not_locked(client, person):
    UserFactory(username="sam")
    fail(client, "pat", 10)

    response = sign_in(client, "sam", PASSWORD)

    assert response.status_code == 302 and signed_in(response)


def test_behind_a_tls_proxy_the_lock_follows_the_client_not_the_proxy(client, person, settings):
    settings.BEHIND_TLS_PROXY = True
    proxy = "10.0.0.2"  # every request reaches the app from the proxy
    for _ in range(10):  # the client forges the start of the header; the proxy adds the end
        client.post(
            SIGN_IN,
            {"username": "pat", "password": WRONG},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"198.51.100.7, {ADDRESS}",
        )

    locked = client.post(
        SIGN_IN,
        {"username": "pat", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )
    elsewhere = client.post(
        SIGN_IN,
        {"username": "pat", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )

    assert locked.status_code == 429
    assert elsewhere.status_code == 302 and signed_in(elsewhere)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS}


def test_an_administrator_unlocks_with_axes_reset_username(client, person):
    fail(client, "pat", 10)

    call_command("axes_reset_username", "pat", stdout=io.StringIO())
    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 302 and signed_in(response)


def test_the_lock_ends_after_the_cool_off(client, person):
    fail(client, "pat", 10)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))

    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 302 and signed_in(response)


def test_signing_in_clears_earlier_failures(client, person):
    fail(client, "pat", 9)
    sign_in(client, "pat", PASSWORD)
    client.post(reverse("logout"))
    fail(client, "pat", 9)

    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 302 and signed_in(response)


@pytest.fixture
def quiet_root_logger():
    """As with LOG_LEVEL=ERROR: the root logger lets only errors through."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    yield
    root.setLevel(level)


def test_failures_and_the_lock_out_reach_the_log(client, person, stderr_log, quiet_root_logger):
    fail(client, "pat", 10)

    logged = stderr_log.getvalue()
    assert "WARNING axes.handlers.database: AXES: New login failure" in logged
    assert "AXES: Repeated login failure" in logged
    assert f'ip_address: "{ADDRESS}"' in logged and "AXES: Locking out" in logged
    assert 'username: "pat"' not in logged  # masked: it may be a mistyped password


def test_the_sign_in_page_links_to_a_password_reset(client):
    page = client.get(SIGN_IN).content.decode()

    assert f'href="{reverse("password_reset")}"' in page
    assert "Forgotten your password?" in page


# --- changing a password ----------------------------------------------------------------


def change(client, current: str, new: str = NEW_PASSWORD):
    return client.post(
        reverse("password_change"),
        {"old_password": current, "new_password1": new, "new_password2": new},
    )


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(client, person):
    client.force_login(person)

    response = change(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_current_password_changes_nothing(client, person):
    client.force_login(person)

    response = change(client, WRONG)

    assert response.status_code == 200
    assert "Your current password is not right" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short7", "This password is too short"),
        ("password123", "This password is too common"),
        ("40392817465", "This password is entirely numeric"),
        ("pat@example.org!", "The password is too similar"),
    ],
)
def test_every_password_rule_applies(client, person, new, message):
    client.force_login(person)

    response = change(client, PASSWORD, new)

    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_the_header_links_to_changing_the_password(client, person):
    client.force_login(person)

    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("password_change")}"' in page


def test_changing_a_password_needs_signing_in(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)


# --- resetting a forgotten password ------------------------------------------------------


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def new_password_from(client, link: str, password: str = NEW_PASSWORD):
    form = client.get(path_of(link))
    assert form.status_code == 302  # Django moves the token out of the address
    return client.post(form["Location"], {"new_password1": password, "new_password2": password})


def test_a_reset_link_sets_a_new_password_once(client, person, mailoutbox):
    client.post(reverse("password_reset"), {"email": "PAT@example.org"})
    link = link_in(mailoutbox[0])

    done = new_password_from(client, link)
    again = client.get(path_of(link))

    assert mailoutbox[0].to == ["pat@example.org"]
    assert mailoutbox[0].subject == "Reset your SEND Ready password"
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert again.status_code == 404
    assert "This link does not work" in again.content.decode()


def test_someone_invited_who_never_set_a_password_can_ask_for_a_link(client, mailoutbox):
    invited = UserFactory(username="new@example.org", email="new@example.org")
    invited.set_unusable_password()
    invited.save()

    client.post(reverse("password_reset"), {"email": "new@example.org"})
    new_password_from(client, link_in(mailoutbox[0]))

    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_a_reset_answers_the_same_for_an_unknown_address(client, person, mailoutbox):
    known = client.post(reverse("password_reset"), {"email": "pat@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert len(mailoutbox) == 1
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content


def test_a_new_password_from_a_reset_ends_a_lock_out(client, person, mailoutbox):
    fail(client, "pat", 10)
    client.post(reverse("password_reset"), {"email": "pat@example.org"})

    new_password_from(client, link_in(mailoutbox[0]))
    response = sign_in(client, "pat", NEW_PASSWORD)

    assert response.status_code == 302 and signed_in(response)


def test_a_made_up_reset_link_is_a_404(client, person):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "made-up-token"]))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


# --- invitations -----------------------------------------------------------------------


def members_url(world) -> str:
    return reverse("members:members", args=[world.area.slug])


def invite(client, world, email: str, role: str = "board", **extra):
    return client.post(members_url(world), {"email": email, "role": role, **extra})


@pytest.fixture
def lead(client, world):
    client.force_login(world.member("lead"))
    return client


def test_an_invitation_makes_the_account_and_the_role(
    lead, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(lead, world, "New.Person@Example.org", "officer")

    assert response.status_code == 302
    user = get_user_model().objects.get(username="new.person@example.org")
    assert user.email == "new.person@example.org" and not user.has_usable_password()
    membership = Membership.objects.get(user=user, area=world.area)
    assert membership.role == "officer"
    assert membership.history.get().history_user == world.member("lead")
    (message,) = mailoutbox
    assert message.to == ["new.person@example.org"] and message.subject == (
        "You are invited to SEND Ready"
    )
    assert "SEND officer for Sunderland" in message.body
    assert "Your username is new.person@example.org" in message.body


def test_an_invitation_link_sets_the_password_once(
    client, lead, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(lead, world, "new@example.org")
    link = link_in(mailoutbox[0])
    invited = Client()

    page = invited.get(invited.get(path_of(link))["Location"])
    done = new_password_from(invited, link)
    again = invited.get(path_of(link))

    assert "Set your password" in page.content.decode()
    assert done.status_code == 302 and done["Location"] == reverse("set_password_done")
    assert signed_in(sign_in(Client(), "new@example.org", NEW_PASSWORD))
    assert again.status_code == 404


def test_an_existing_account_gets_the_role_and_a_note(
    lead, world, other_world, mailoutbox, django_capture_on_commit_callbacks
):
    existing = other_world.member("board")
    existing.email = "kent.board@example.org"
    existing.save()
    accounts = get_user_model().objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        invite(lead, world, "Kent.Board@example.org", "scrutiny")

    assert get_user_model().objects.count() == accounts
    assert Membership.objects.get(user=existing, area=world.area).role == "scrutiny"
    (message,) = mailoutbox
    assert message.subject == "You have a role in Sunderland on SEND Ready"
    assert "Scrutiny officer for Sunderland" in message.body
    assert "/invitation/" not in message.body
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)


def test_an_account_never_used_is_invited_again(
    lead, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(lead, world, "new@example.org")
        invite(lead, world, "new@example.org", "officer")

    assert [m.subject for m in mailoutbox] == ["You are invited to SEND Ready"] * 2
    assert get_user_model().objects.filter(username="new@example.org").count() == 1


def test_an_invitation_says_the_same_whether_or_not_the_address_has_an_account(
    lead, world, other_world
):
    existing = other_world.member("board")
    existing.email = "known@example.org"
    existing.save()

    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        response = invite(lead, world, email)
        page = lead.get(response["Location"])  # shows (and so ends) the message
        said = [str(m) for m in page.context["messages"]]
        row = re.search(rf"<td[^>]*>{email}</td>\s*<td[^>]*>([^<]*)</td>", page.content.decode())
        answers.append((response.status_code, response["Location"], said, row.group(1)))

    (known, unknown) = answers
    assert known[:2] == unknown[:2]
    assert [m.replace("known@", "@") for m in known[2]] == [
        m.replace("unknown@", "@") for m in unknown[2]
    ]
    assert known[3] == unknown[3] == "Board member"  # the row in the table of people
    assert known[2] == [
        "known@example.org has the role Board member in Sunderland. We have emailed them."
    ]


def test_the_members_page_says_nothing_of_other_accounts(lead, world):
    page = lead.get(members_url(world)).content.decode()

    assert "must already have" not in page and "no active account" not in page


@pytest.mark.parametrize("role", ["officer", "board", "scrutiny"])
def test_only_a_lead_may_invite(client, world, role, mailoutbox):
    client.force_login(world.member(role))

    response = invite(client, world, "new@example.org")

    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="new@example.org").exists()
    assert mailoutbox == []


def test_another_areas_lead_may_not_invite(client, world, other_world):
    client.force_login(other_world.member("lead"))

    response = invite(client, world, "new@example.org")

    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="new@example.org").exists()


def test_an_invitation_needs_signing_in(client, world):
    response = invite(client, world, "new@example.org")

    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert not get_user_model().objects.filter(username="new@example.org").exists()


def test_an_invitation_sent_twice_makes_one_account_and_one_role(
    lead, world, mailoutbox, django_capture_on_commit_callbacks
):
    page = lead.get(members_url(world)).content.decode()
    token = Forms(page).own("post", "").fields[TOKEN]

    with django_capture_on_commit_callbacks(execute=True):
        first = invite(lead, world, "twice@example.org", **{TOKEN: token})
        second = invite(lead, world, "twice@example.org", **{TOKEN: token})

    assert first.status_code == second.status_code == 302
    user = get_user_model().objects.get(username="twice@example.org")
    assert Membership.objects.filter(user=user).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("x" * 100_000 + "@example.org", "The email address must be 150 characters or fewer"),
        ("a\x00b@example.org", "The email address must not contain a NUL character"),
        ("not an address", "Enter an email address in the correct format"),
        ("o'brien@example.org", "Enter an email address using only letters, numbers"),
        ("", "Enter the email address of the person to invite"),
    ],
)
def test_odd_addresses_get_a_clear_message(lead, world, email, message):
    accounts = get_user_model().objects.count()

    response = invite(lead, world, email)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.count() == accounts


def test_an_unknown_role_gets_a_clear_message(lead, world):
    response = invite(lead, world, "new@example.org", role="owner")

    assert "Choose one of the roles listed" in response.content.decode()


def test_the_last_lead_cannot_be_made_something_else(lead, world):
    world.member("lead").email = "lead@example.org"
    world.member("lead").save()

    response = invite(lead, world, "lead@example.org", "board")

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("only lead" in m for m in messages)
    assert Membership.objects.get(user=world.member("lead"), area=world.area).role == "lead"


# --- sessions ----------------------------------------------------------------------------


def test_an_idle_session_ends(client, person):
    client.force_login(person)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def test_each_request_starts_the_idle_time_again(client, person):
    client.force_login(person)
    rewind_session_touch(client, TOUCH_EVERY_SECONDS)  # a minute after signing in
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=1))

    client.get(reverse("home"))

    expires = Session.objects.get().expire_date
    assert expires > timezone.now() + dt.timedelta(minutes=119)


def rewind_session_touch(client, seconds: int) -> None:
    session = client.session
    session[SESSION_TOUCHED] -= seconds
    session.save()


def test_the_session_is_written_at_most_once_a_minute(client, person):
    client.force_login(person)  # written at sign-in
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)

    client.get(reverse("home"))  # within the minute: not written
    unchanged = Session.objects.get().expire_date
    rewind_session_touch(client, TOUCH_EVERY_SECONDS)  # as if a minute had passed
    Session.objects.update(expire_date=soon)
    client.get(reverse("home"))

    assert unchanged == soon
    assert Session.objects.get().expire_date > timezone.now() + dt.timedelta(minutes=119)


def test_sign_out_is_a_post_that_ends_the_session(client, person):
    client.force_login(person)
    key = client.session.session_key

    refused = client.get(reverse("logout"))
    response = client.post(reverse("logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302


def settings_from(env: dict, names: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        f"print([getattr(s, n) for n in {names.split()!r}])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "sendready.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_idle_time_and_cool_off_come_from_the_environment():
    names = "SESSION_COOKIE_AGE AXES_COOLOFF_TIME"

    default = settings_from({"SESSION_IDLE_MINUTES": "", "AXES_COOLOFF_MINUTES": ""}, names)
    chosen = settings_from({"SESSION_IDLE_MINUTES": "15", "AXES_COOLOFF_MINUTES": "60"}, names)

    assert default == "[7200, datetime.timedelta(seconds=1800)]"
    assert chosen == "[900, datetime.timedelta(seconds=3600)]"


def test_email_goes_to_the_console_in_development_and_smtp_otherwise():
    names = "EMAIL_BACKEND EMAIL_HOST EMAIL_PORT EMAIL_USE_TLS DEFAULT_FROM_EMAIL"
    smtp = {
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "true",
        "DEFAULT_FROM_EMAIL": "send-ready@example.org",
    }

    development = settings_from({"DEBUG": "true"}, "EMAIL_BACKEND")
    production = settings_from(smtp, names)

    assert "console" in development
    assert production == (
        "['django.core.mail.backends.smtp.EmailBackend', 'smtp.example.org', 587, True, "
        "'send-ready@example.org']"
    )


# --- hostile input on the sign-in and password pages ------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("pat\x00", PASSWORD, "Remove the NUL character"),
        ("pat", "a\x00b", "Remove the NUL character"),
        ("x" * 100_000, PASSWORD, "Your username is 150 characters or fewer"),
    ],
)
def test_odd_sign_in_values_get_a_clear_message(client, person, username, password, message):
    response = sign_in(client, username, password)

    assert response.status_code == 200 and not signed_in(response)
    assert message in response.content.decode()


def test_a_nul_in_a_new_password_gets_a_clear_message(client, person):
    client.force_login(person)

    response = change(client, PASSWORD, "amber\x00kestrel-harbour")

    assert "Remove the NUL character" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_passwords_that_differ_get_a_clear_message(client, person):
    client.force_login(person)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other"},
    )

    assert "Enter the same new password twice" in response.content.decode()


def test_a_huge_username_sent_to_the_admin_sign_in_is_a_wrong_one(client):
    # The admin's form has no length check: django-axes records the name cut to fit.
    response = client.post(
        "/admin/login/", {"username": "x" * 100_000, "password": WRONG}, REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 255


def test_an_account_named_after_the_address_is_written_to_at_it(
    lead, world, mailoutbox, django_capture_on_commit_callbacks
):
    named = UserFactory(username="named@example.org")  # no email address of its own

    with django_capture_on_commit_callbacks(execute=True):
        invite(lead, world, "named@example.org")

    assert Membership.objects.filter(user=named, area=world.area).exists()
    assert [m.to for m in mailoutbox] == [["named@example.org"]]


def test_the_members_page_queries_do_not_grow_with_people(
    lead, world, django_assert_max_num_queries
):
    counts = []
    for people in (2, 20):
        for n in range(people):
            user = UserFactory(username=f"person-{people}-{n}", email=f"p{people}.{n}@example.org")
            Membership.objects.create(user=user, area=world.area, role="board")
        with django_assert_max_num_queries(10) as captured:
            assert lead.get(members_url(world)).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_fails_leaves_the_role_and_the_lead_is_told(
    client, world, monkeypatch, caplog
):
    from smtplib import SMTPServerDisconnected

    def refuse(*args, **kwargs):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("areas.members.emails.send_mail", refuse)
    client.force_login(world.member("lead"))

    response = invite(client, world, "new@example.org", "officer")

    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert response.status_code == 302
    assert Membership.objects.filter(area=world.area, user__email="new@example.org").exists()
    assert shown == [
        "new@example.org has the role SEND officer in Sunderland, but the email to them "
        "could not be sent. Invite them again later to send it."
    ]
    assert "its email was not sent" in caplog.text
