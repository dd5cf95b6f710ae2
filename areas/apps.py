from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = "Local areas"

    def ready(self) -> None:
        from .ratings.slots import criterion_page
        from .self_evaluation.sections import points_on_criterion

        criterion_page.register(points_on_criterion)
