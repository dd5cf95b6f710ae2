"""Every page and form: each role's access, and each denial.

Another area's user gets 404 (the area's existence is not confirmed), a read-only
role writing gets 403, anonymous users are sent to sign in, and a denied request
changes nothing."""

import pytest

from areas.models import Assessment, Membership

from .helpers import month_post_data, month_url, snapshot

pytestmark = pytest.mark.django_db

ALL_ROLES = ["officer", "lead", "board", "scrutiny"]
EDITORS = ["officer", "lead"]
READ_ONLY = ["board", "scrutiny"]


def as_user(client, user):
    client.force_login(user)
    return client


def read_pages(world):
    a = world.area.slug
    return {
        "tracker": f"/areas/{a}/tracker/",
        "dashboard": f"/areas/{a}/",
        "tracker filtered": f"/areas/{a}/tracker/?judgement_area=B",
        "month": month_url(world.march),
        "history": f"/areas/{a}/criteria/A9/",
    }


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", ["dashboard", "tracker", "tracker filtered", "month", "history"])
def test_area_pages_readable_by_every_role(client, world, role, page):
    response = as_user(client, world.member(role)).get(read_pages(world)[page])

    assert response.status_code == 200
    assert world.area.name.encode() in response.content


@pytest.mark.parametrize("page", ["dashboard", "tracker", "month", "history"])
def test_area_pages_are_404_for_another_areas_user(client, world, other_world, page):
    response = as_user(client, other_world.member("lead")).get(read_pages(world)[page])

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["dashboard", "tracker", "month", "history"])
def test_area_pages_send_anonymous_users_to_sign_in(client, world, page):
    response = client.get(read_pages(world)[page])

    assert response.status_code == 302
    assert response.url.startswith("/sign-in/?next=")


def test_home_sends_a_single_area_user_to_its_dashboard(client, world, other_world):
    response = as_user(client, world.member("board")).get("/")

    assert response.status_code == 302 and response.url == f"/areas/{world.area.slug}/"


def test_home_lists_only_the_users_areas_with_role(client, world, other_world, framework):
    from .factories import LocalAreaFactory

    third = LocalAreaFactory(name="Bradford", framework=framework)
    Membership.objects.create(user=world.member("board"), area=third, role="officer")

    response = as_user(client, world.member("board")).get("/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sunderland" in content and "Board member" in content
    assert "Bradford" in content and "SEND officer" in content
    assert "Kent" not in content


def test_home_sends_anonymous_users_to_sign_in(client):
    assert client.get("/").url.startswith("/sign-in/")


def test_unknown_area_month_or_criterion_is_404(client, world):
    as_user(client, world.member("lead"))
    for url in [
        "/areas/nowhere/",
        "/areas/sunderland/months/2017-01/",
        "/areas/sunderland/months/not-a-month/",
        "/areas/sunderland/months/2018-13/",
        "/areas/sunderland/criteria/Z99/",
    ]:
        assert client.get(url).status_code == 404, url


# --- writes ----------------------------------------------------------------


def save_a9_amber_to_red(client, world):
    data = month_post_data(world.march, {"A9": {"level": "red", "commentary": "Slipped back"}})
    return client.post(month_url(world.march), data)


@pytest.mark.parametrize("role", EDITORS)
def test_month_save_allowed_for_editors(client, world, role):
    response = save_a9_amber_to_red(as_user(client, world.member(role)), world)

    assert response.status_code == 302
    assert world.march.ratings.get(criterion__code="A9").level.code == "red"


@pytest.mark.parametrize("role", READ_ONLY)
def test_month_save_forbidden_for_read_only_roles(client, world, role):
    before = snapshot(world.march)

    response = save_a9_amber_to_red(as_user(client, world.member(role)), world)

    assert response.status_code == 403
    assert snapshot(world.march) == before


def test_month_save_is_404_for_another_areas_lead(client, world, other_world):
    before = snapshot(world.march)

    response = save_a9_amber_to_red(as_user(client, other_world.member("lead")), world)

    assert response.status_code == 404
    assert snapshot(world.march) == before


def test_month_save_anonymous_is_sent_to_sign_in(client, world):
    before = snapshot(world.march)

    response = save_a9_amber_to_red(client, world)

    assert response.status_code == 302 and response.url.startswith("/sign-in/")
    assert snapshot(world.march) == before


@pytest.mark.parametrize("role", READ_ONLY)
def test_month_page_shows_no_form_to_read_only_roles(client, world, role):
    response = as_user(client, world.member(role)).get(month_url(world.march))

    assert b'name="form-0-level"' not in response.content
    assert b"Save draft" not in response.content


def test_month_page_shows_form_to_officer(client, world):
    response = as_user(client, world.member("officer")).get(month_url(world.march))

    assert b'name="form-0-level"' in response.content


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 302), ("officer", 403), ("board", 403), ("scrutiny", 403)],
)
def test_month_agree_only_for_lead(client, world, role, status):
    response = as_user(client, world.member(role)).post(
        month_url(world.march, "agree/"), {"version": world.march.version}
    )

    world.march.refresh_from_db()
    assert response.status_code == status
    assert world.march.is_agreed is (status == 302)


def test_month_agree_is_404_for_another_areas_lead(client, world, other_world):
    response = as_user(client, other_world.member("lead")).post(month_url(world.march, "agree/"))

    world.march.refresh_from_db()
    assert response.status_code == 404
    assert not world.march.is_agreed


def test_month_agree_refuses_get(client, world):
    response = as_user(client, world.member("lead")).get(month_url(world.march, "agree/"))

    world.march.refresh_from_db()
    assert response.status_code == 405
    assert not world.march.is_agreed


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 200), ("officer", 403), ("board", 403), ("scrutiny", 403)],
)
def test_month_reopen_page_only_for_lead(client, world, role, status):
    response = as_user(client, world.member(role)).get(month_url(world.march, "reopen/"))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 302), ("officer", 403), ("board", 403), ("scrutiny", 403)],
)
def test_month_reopen_post_only_for_lead(client, world, role, status):
    Assessment.objects.filter(pk=world.march.pk).update(status="agreed")

    response = as_user(client, world.member(role)).post(
        month_url(world.march, "reopen/"), {"reason": "Wrong level for A9"}
    )

    world.march.refresh_from_db()
    assert response.status_code == status
    assert world.march.is_agreed is (status != 302)
    assert world.march.reopenings.count() == (1 if status == 302 else 0)


def test_month_reopen_is_404_for_another_areas_lead(client, world, other_world):
    Assessment.objects.filter(pk=world.march.pk).update(status="agreed")

    response = as_user(client, other_world.member("lead")).post(
        month_url(world.march, "reopen/"), {"reason": "x"}
    )

    world.march.refresh_from_db()
    assert response.status_code == 404 and world.march.is_agreed


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 302), ("officer", 302), ("board", 403), ("scrutiny", 403)],
)
def test_month_start_only_for_editors(client, world, role, status):
    response = as_user(client, world.member(role)).post(f"/areas/{world.area.slug}/months/start/")

    assert response.status_code == status
    assert world.area.assessments.count() == (3 if status == 302 else 2)


def test_month_start_is_404_for_another_areas_lead(client, world, other_world):
    response = as_user(client, other_world.member("lead")).post(
        f"/areas/{world.area.slug}/months/start/"
    )

    assert response.status_code == 404
    assert world.area.assessments.count() == 2


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 200), ("officer", 403), ("board", 403), ("scrutiny", 403)],
)
def test_members_page_only_for_lead(client, world, role, status):
    response = as_user(client, world.member(role)).get(f"/areas/{world.area.slug}/members/")

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 302), ("officer", 403), ("board", 403), ("scrutiny", 403)],
)
def test_members_add_only_for_lead(client, world, other_world, role, status):
    newcomer = other_world.member("board")
    newcomer.email = "newcomer@example.org"
    newcomer.save()

    response = as_user(client, world.member(role)).post(
        f"/areas/{world.area.slug}/members/", {"email": newcomer.email, "role": "board"}
    )

    assert response.status_code == status
    assert Membership.objects.filter(user=newcomer, area=world.area).exists() is (status == 302)


def test_members_add_is_404_for_another_areas_lead(client, world, other_world):
    intruder = other_world.member("lead")

    response = as_user(client, intruder).post(
        f"/areas/{world.area.slug}/members/", {"email": "intruder@example.org", "role": "lead"}
    )

    assert response.status_code == 404
    assert not Membership.objects.filter(user=intruder, area=world.area).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead", 302), ("officer", 403), ("board", 403), ("scrutiny", 403)],
)
def test_member_remove_only_for_lead(client, world, role, status):
    target = Membership.objects.get(area=world.area, user=world.member("scrutiny"))

    response = as_user(client, world.member(role)).post(
        f"/areas/{world.area.slug}/members/{target.pk}/remove/"
    )

    assert response.status_code == status
    assert Membership.objects.filter(pk=target.pk).exists() is (status != 302)


def test_member_remove_of_another_areas_membership_is_404(client, world, other_world):
    target = Membership.objects.get(area=other_world.area, user=other_world.member("board"))

    response = as_user(client, world.member("lead")).post(
        f"/areas/{world.area.slug}/members/{target.pk}/remove/"
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


def test_last_lead_cannot_remove_themselves(client, world):
    own = Membership.objects.get(area=world.area, user=world.member("lead"))

    response = as_user(client, world.member("lead")).post(
        f"/areas/{world.area.slug}/members/{own.pk}/remove/", follow=True
    )

    assert b"only lead" in response.content
    assert Membership.objects.filter(pk=own.pk).exists()


def test_members_add_without_an_email_address_shows_error(client, world):
    # Adding is by email address (an invitation, tests/test_accounts.py); a username is
    # refused like any other text that is not an address, saying nothing of accounts.
    response = as_user(client, world.member("lead")).post(
        f"/areas/{world.area.slug}/members/", {"email": "nobody", "role": "board"}
    )

    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter an email address in the correct format" in response.content


def test_user_with_roles_in_two_areas_gets_each_role(client, world, other_world):
    user = world.member("officer")
    Membership.objects.create(user=user, area=other_world.area, role="board")
    as_user(client, user)

    own = save_a9_amber_to_red(client, world)
    other = client.post(
        month_url(other_world.march),
        month_post_data(other_world.march, {"A9": {"level": "red", "commentary": "x"}}),
    )

    assert own.status_code == 302
    assert other.status_code == 403


def test_admin_is_for_superusers_only(client, world):
    lead = world.member("lead")
    lead.is_staff = True
    lead.save()

    response = as_user(client, lead).get("/admin/")

    assert response.status_code == 302 and "/admin/login/" in response.url
