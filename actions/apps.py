from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plans and scrutiny"

    def ready(self) -> None:
        # Plan actions appear on pages of `areas` features, which cannot import them.
        from areas.ratings.slots import criterion_page
        from areas.self_evaluation.slots import point_deliveries

        from .plans.sections import actions_delivering_points, actions_on_criterion

        criterion_page.register(actions_on_criterion)
        point_deliveries.register(actions_delivering_points)
