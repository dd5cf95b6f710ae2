from django.core.management.base import BaseCommand, CommandError

from frameworks.loading import (
    FrameworkFileError,
    FrameworkLoadRefused,
    framework_load,
    read_framework_file,
)


class Command(BaseCommand):
    help = "Check an inspection framework file (YAML) and load it in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="e.g. fixtures/frameworks/send-2016.yaml")

    def handle(self, *args, path, **options):
        try:
            data = read_framework_file(path)
            framework, summary = framework_load(data=data)
        except FrameworkFileError as error:
            raise CommandError(error.report()) from error
        except FrameworkLoadRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {framework} from {path}: {summary}."))
