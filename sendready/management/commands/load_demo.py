from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actions.demo import demo_actions_load
from actions.scrutiny_demo import demo_scrutiny_load
from areas.demo import demo_load
from frameworks.loading import FrameworkFileError, framework_load, read_framework_file

FRAMEWORK_FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks" / "send-2016.yaml"


class Command(BaseCommand):
    help = (
        "Load the 2016 framework and four demonstration local areas with their months, "
        "plans and inspections. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="send-ready-demo",
            help="Password for every demo account (default: send-ready-demo).",
        )

    def handle(self, *args, password, **options):
        try:
            framework, summary = framework_load(data=read_framework_file(FRAMEWORK_FILE))
        except FrameworkFileError as error:
            raise CommandError("\n".join(error.problems)) from error
        usernames = demo_load(framework=framework, password=password)
        actions = demo_actions_load()
        scrutiny = demo_scrutiny_load()
        self.stdout.write(self.style.SUCCESS(f"Framework: {framework} ({summary})."))
        self.stdout.write(
            "Plans: {plans} plans, {actions} actions, {updates} progress updates; "
            "{inspections} inspections with {findings} findings.".format(**actions)
        )
        self.stdout.write(
            "Scrutiny: {reviews} reviews, {recommendations} recommendations, "
            "{updates} progress updates.".format(**scrutiny)
        )
        self.stdout.write(
            f"Demo accounts ({len(usernames)}): <area>-<role>, e.g. sunderland-officer, "
            f"kent-board, bradford-lead, kirklees-scrutiny; demo-admin is a superuser."
        )
        self.stdout.write(f"Sign in as sunderland-officer with password: {password}")
