"""Queries on months and ratings, each starting from the area that owns them."""

from django.db import models


class AssessmentQuerySet(models.QuerySet):
    def for_area(self, area):
        return self.filter(area=area)

    def agreed(self):
        return self.filter(status="agreed")


class RatingQuerySet(models.QuerySet):
    def for_area(self, area):
        return self.filter(assessment__area=area)
