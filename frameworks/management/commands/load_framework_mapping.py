from django.core.management.base import BaseCommand, CommandError

from frameworks.files import FrameworkFileError
from frameworks.mapping import mapping_load, read_mapping_file


class Command(BaseCommand):
    help = (
        "Check a mapping between two loaded frameworks (YAML: which criteria of one inform "
        "each criterion of the other) and load it in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="e.g. fixtures/frameworks/mapping-2016-to-2023.yaml")

    def handle(self, *args, path, **options):
        try:
            from_framework, to_framework, summary = mapping_load(data=read_mapping_file(path))
        except FrameworkFileError as error:
            raise CommandError(error.report()) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the mapping from {from_framework.slug} to {to_framework.slug} "
                f"from {path}: {summary}."
            )
        )
