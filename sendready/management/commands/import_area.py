import json

from django.core.management.base import BaseCommand, CommandError

from sendready.area_record import AreaRecordError, area_import


class Command(BaseCommand):
    help = (
        "Create a local area from a file written by export_area: all of it or nothing. "
        "Members are added for the usernames that have an account here; the others are "
        "listed, not created."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by export_area")
        parser.add_argument("--slug", help="Import under this slug instead of the file's")

    def handle(self, *args, file, slug, **options):
        try:
            with open(file, encoding="utf-8") as opened:
                record = json.load(opened)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except (ValueError, RecursionError) as error:
            raise CommandError(f"{file} is not a JSON area record.") from error
        try:
            report = area_import(record=record, slug=slug)
        except AreaRecordError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        rows = sum(report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Imported {report.area.name} ({report.area.slug}): {rows} rows.")
        )
        if report.skipped_members:
            self.stdout.write(
                "Not made members (no account with that username here): "
                + ", ".join(report.skipped_members)
            )
        if report.unknown_users:
            self.stdout.write(
                "Named in the record but with no account here (shown as nobody): "
                + ", ".join(report.unknown_users)
            )
