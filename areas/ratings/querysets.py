"""Queries on months and ratings, each starting from the area that owns them."""

from common.querysets import AreaOwnedQuerySet


class AssessmentQuerySet(AreaOwnedQuerySet):
    def agreed(self):
        return self.filter(status="agreed")


class RatingQuerySet(AreaOwnedQuerySet):
    pass
