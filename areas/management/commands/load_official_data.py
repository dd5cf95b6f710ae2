from django.core.management.base import BaseCommand, CommandError

from areas.kpis.official import official_data_load
from frameworks.models import Framework


class Command(BaseCommand):
    help = "Load the official statistics in fixtures/data/official/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--framework", default="send-2016")

    def handle(self, *args, framework, **options):
        found = Framework.objects.filter(slug=framework).first()
        if found is None:
            raise CommandError(f"No framework {framework!r}: run load_framework first.")
        counts = official_data_load(framework=found)
        self.stdout.write(
            self.style.SUCCESS(
                "Loaded {values} official values, {neighbours} statistical-neighbour links "
                "and {inspections} inspection outcomes.".format(**counts)
            )
        )
