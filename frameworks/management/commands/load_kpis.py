from django.core.management.base import BaseCommand, CommandError

from frameworks.kpi_loading import kpis_load, read_kpi_file
from frameworks.loading import FrameworkFileError


class Command(BaseCommand):
    help = "Check a KPI catalogue file (YAML) and load it into its framework."

    def add_arguments(self, parser):
        parser.add_argument("path", help="e.g. fixtures/kpis/send-2016.yaml")

    def handle(self, *args, path, **options):
        try:
            count = kpis_load(data=read_kpi_file(path))
        except FrameworkFileError as error:
            raise CommandError(
                "Nothing was loaded:\n" + "\n".join(f"  - {p}" for p in error.problems)
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} KPIs from {path}."))
