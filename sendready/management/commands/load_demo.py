from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from areas.kpis.official import official_data_load
from common.errors import Refused
from frameworks.kpi_loading import kpis_load, read_kpi_file
from frameworks.loading import FrameworkFileError, framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from sendready.demo.loader import DemoDataError, demo_load

FRAMEWORKS = Path(settings.BASE_DIR) / "fixtures" / "frameworks"
# The 2016 framework first: the demo areas and the official data use it.
FRAMEWORK_FILES = [FRAMEWORKS / "send-2016.yaml", FRAMEWORKS / "area-send-2023.yaml"]
MAPPING_FILE = FRAMEWORKS / "mapping-2016-to-2023.yaml"
KPI_FILE = Path(settings.BASE_DIR) / "fixtures" / "kpis" / "send-2016.yaml"


class Command(BaseCommand):
    help = (
        "Load the 2016 and 2023 frameworks and the mapping between them, the KPI catalogue, "
        "the official statistics and the demonstration local areas in fixtures/demo/. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="send-ready-demo",
            help="Password for every demo account (default: send-ready-demo).",
        )

    def handle(self, *args, password, **options):
        try:
            loaded = [framework_load(data=read_framework_file(path)) for path in FRAMEWORK_FILES]
            mapping_load(data=read_mapping_file(MAPPING_FILE))
        except FrameworkFileError as error:
            raise CommandError(error.report()) from error
        framework = loaded[0][0]
        kpis_load(data=read_kpi_file(KPI_FILE))
        official = official_data_load(framework=framework)
        try:
            demo = demo_load(password=password)
        except (DemoDataError, Refused) as error:
            raise CommandError(f"Demo data not loaded: {error}") from error
        usernames, actions, scrutiny = demo["accounts"], demo["plans"], demo["scrutiny"]
        self_evaluation, kpi_demo = demo["self_evaluation"], demo["kpis"]
        for loaded_framework, summary in loaded:
            self.stdout.write(self.style.SUCCESS(f"Framework: {loaded_framework} ({summary})."))
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
            f"kent-board, bradford-lead, kirklees-scrutiny; regional-adviser is on every "
            f"area's board (the overview of several areas); demo-admin too, and a superuser."
        )
        self.stdout.write(f"Sign in as sunderland-officer with password: {password}")
