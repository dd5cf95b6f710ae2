import datetime as dt

import factory
from django.contrib.auth import get_user_model

from areas.models import Assessment, LocalArea, Membership, Rating
from frameworks.models import Criterion, Framework, JudgementArea, RatingLevel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    name = "Test framework"
    year = 2016


class JudgementAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgementArea

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"J{n}")
    title = factory.LazyAttribute(lambda o: f"Question {o.code}?")
    order = factory.Sequence(int)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    judgement_area = factory.SubFactory(JudgementAreaFactory)
    framework = factory.SelfAttribute("judgement_area.framework")
    code = factory.Sequence(lambda n: f"X{n}")
    label = factory.SelfAttribute("code")
    text = factory.LazyAttribute(lambda o: f"criterion {o.code}")
    order = factory.Sequence(int)


class RatingLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingLevel

    framework = factory.SubFactory(FrameworkFactory)
    code = "red"
    label = "Red"
    colour = "red"
    definition = "Substantial work to be carried out"
    order = 1


class LocalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalArea

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    framework = factory.SubFactory(FrameworkFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(LocalAreaFactory)
    role = Membership.Role.OFFICER


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    area = factory.SubFactory(LocalAreaFactory)
    framework = factory.SelfAttribute("area.framework")
    month = dt.date(2018, 3, 1)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    assessment = factory.SubFactory(AssessmentFactory)
    criterion = factory.SubFactory(CriterionFactory)
    level = factory.SubFactory(RatingLevelFactory)


# --- actions ---------------------------------------------------------------------


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.Inspection"

    area = factory.SubFactory(LocalAreaFactory)
    framework = factory.SelfAttribute("area.framework")
    started_on = dt.date(2019, 1, 28)
    outcome_category = "wsoa"


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.Finding"

    inspection = factory.SubFactory(InspectionFactory)
    kind = "weakness"
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Weakness {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.ImprovementPlan"

    area = factory.SubFactory(LocalAreaFactory)
    title = factory.Sequence(lambda n: f"Plan {n}")
    kind = "wsoa"
    starts_on = dt.date(2019, 8, 1)


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.Workstream"

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"W{n}")
    title = factory.Sequence(lambda n: f"Workstream {n}")
    lead_partner = "council"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.Action"
        skip_postgeneration_save = True

    workstream = factory.SubFactory(WorkstreamFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = "Head of SEN"
    partner = "council"
    due_on = dt.date(2030, 1, 1)
    status = "on_track"

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create and extracted:
            self.criteria.set(extracted)

    @factory.post_generation
    def weaknesses(self, create, extracted, **kwargs):
        if create and extracted:
            self.weaknesses.set(extracted)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.ProgressUpdate"

    action = factory.SubFactory(ActionFactory)
    date = dt.date(2020, 10, 1)
    text = "Progress"
    status_after = "on_track"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.ScrutinyReview"

    area = factory.SubFactory(LocalAreaFactory)
    panel = "Children's Scrutiny Panel"
    title = factory.Sequence(lambda n: f"Review {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.Recommendation"
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    theme = "Service standards"
    text = factory.Sequence(lambda n: f"Recommendation text {n}")

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.set(extracted)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.Response"

    recommendation = factory.SubFactory(RecommendationFactory)
    decision = "accepted"
    text = "Accepted"
    responsible = "Head of SENDACT"


class RecommendationUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions.RecommendationUpdate"

    recommendation = factory.SubFactory(RecommendationFactory)
    date = dt.date(2020, 1, 14)
    text = "Progress"
    assessment = "on_track"


# --- self-evaluation ----------------------------------------------------------------------


class SelfEvaluationVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "areas.SelfEvaluationVersion"

    area = factory.SubFactory(LocalAreaFactory)
    framework = factory.SelfAttribute("area.framework")
    number = factory.Sequence(lambda n: n + 1)


class SelfEvaluationPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "areas.SelfEvaluationPoint"

    version = factory.SubFactory(SelfEvaluationVersionFactory)
    judgement_area = factory.LazyAttribute(lambda o: o.version.framework.judgement_areas.first())
    kind = "strength"
    label = factory.Sequence(lambda n: f"Point {n}")
    explanation = "Explained"
