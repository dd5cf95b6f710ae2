"""The one place that limits area data to what a user may see.

Views fetch areas, months and ratings through `visible_to(user)`; there is no
other path to another area's data.
"""

from django.db import models


class LocalAreaQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(area__memberships__user=user)

    def agreed(self):
        return self.filter(status="agreed")


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(assessment__area__memberships__user=user)
