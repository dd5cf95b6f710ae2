import json

from django.core.management.base import BaseCommand, CommandError

from areas.models import LocalArea
from sendready.area_record import AreaRecordError, area_export


class Command(BaseCommand):
    help = (
        "Write one local area's whole record (months, ratings, self-evaluation, KPIs, "
        "inspections, plans, scrutiny, meeting packs and the history of all of them) as "
        "JSON, for import_area in another installation with the same framework files. "
        "Accounts are named by username; no account or password is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The area's slug, e.g. westmere")
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, *args, slug, output, **options):
        area = LocalArea.objects.filter(slug=slug).first()
        if area is None:
            raise CommandError(f"No area has the slug {slug!r}.")
        try:
            text = json.dumps(area_export(area=area), ensure_ascii=False, indent=1)
        except AreaRecordError as error:
            raise CommandError(str(error)) from error
        if not output:
            self.stdout.write(text)
            return
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
        self.stderr.write(self.style.SUCCESS(f"Wrote {area.name} to {output}."))
