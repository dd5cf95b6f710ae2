"""The demonstration data, loaded once for every test in this package (they only read
it, each inside a transaction that is rolled back) and removed after the package."""

from io import StringIO

import pytest
from django.core.management import call_command

from ..conftest import PASSWORD, remove_everything_but_the_framework


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", password=PASSWORD, stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        remove_everything_but_the_framework()
