from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from areas.kpis.official import official_data_load
from frameworks.kpi_loading import kpis_load, read_kpi_file
from frameworks.loading import FrameworkFileError, framework_load, read_framework_file
from sendready.demo.actions_demo import demo_actions_load
from sendready.demo.areas_demo import demo_load
from sendready.demo.kpi_demo import demo_kpis_load
from sendready.demo.scrutiny_demo import demo_scrutiny_load
from sendready.demo.self_evaluation_demo import demo_self_evaluation_load

FRAMEWORK_FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks" / "send-2016.yaml"
KPI_FILE = Path(settings.BASE_DIR) / "fixtures" / "kpis" / "send-2016.yaml"


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
        kpis_load(data=read_kpi_file(KPI_FILE))
        official = official_data_load(framework=framework)
        usernames = demo_load(framework=framework, password=password)
        actions = demo_actions_load()
        scrutiny = demo_scrutiny_load()
        self_evaluation = demo_self_evaluation_load()
        kpi_demo = demo_kpis_load()
        self.stdout.write(self.style.SUCCESS(f"Framework: {framework} ({summary})."))
        self.stdout.write(
            "Official data: {values} values, {neighbours} neighbour links, "
            "{inspections} inspection outcomes.".format(**official)
        )
        self.stdout.write(
            "Plans: {plans} plans, {actions} actions, {updates} progress updates; "
            "{inspections} inspections with {findings} findings.".format(**actions)
        )
        self.stdout.write(
            "Scrutiny: {reviews} reviews, {recommendations} recommendations, "
            "{updates} progress updates.".format(**scrutiny)
        )
        self.stdout.write(
            "Self-evaluation: {versions} versions, {points} points.".format(**self_evaluation)
        )
        self.stdout.write(
            "KPIs: {values} figures, {targets} targets, {commentaries} commentaries.".format(
                **kpi_demo
            )
        )
        self.stdout.write(
            f"Demo accounts ({len(usernames)}): <area>-<role>, e.g. sunderland-officer, "
            f"kent-board, bradford-lead, kirklees-scrutiny; demo-admin is a superuser."
        )
        self.stdout.write(f"Sign in as sunderland-officer with password: {password}")
