"""Demonstration self-evaluation for Kirklees (seed 000): the "Self-Assessment Summary for
Kirklees Local Area Response to SEND reforms", a 2021 paper to the Health and Wellbeing
Board, which lists for each of the three inspection questions what "We have made
improvements by" and what "We can get better by".

Version 1 (published) holds every point of the paper, in the paper's order and words,
tidied only where the PDF extraction left marks (bold and italic asterisks, a list's
trailing semicolon, a stray space before a comma). Only five bullets (one of them printed
twice) are written "Label – explanation": those are split at the dash. The others have no
label, so the label is a short heading of ours and the explanation is the whole bullet.
The paper's "Some examples of our Innovation include" list, printed under "Assessing and
Meeting Needs" after its improvements, is kept there as further improvements whose labels
start "Innovation:". One bullet, "conversations feed into the LA knowledge of best
practice & areas for development", is the tail of a sentence the extraction lost; it is
left out. The criteria linked to each point are our reading of the 2016 framework.

Version 2 (a draft) is invented so the compare page has something to show: one point's
explanation reworded and one new "We can get better by" point.

Every point is marked is_demo. Run it after `sendready.demo.areas_demo.demo_load` (it needs the Kirklees
demo area, its framework and the kirklees-lead and kirklees-officer users); without the
area it does nothing, and once Kirklees has any self-evaluation version it changes
nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from areas.models import LocalArea, SelfEvaluationPoint, SelfEvaluationVersion
from areas.self_evaluation import services as se_services
from frameworks.models import Criterion, JudgementArea

AREA_SLUG = "kirklees"

STRENGTH = SelfEvaluationPoint.Kind.STRENGTH
DEVELOP = SelfEvaluationPoint.Kind.DEVELOP

# The paper is undated; it gives EET figures "(March 2021)" and expects the inspection
# "on or after 21st June", so version 1 is taken as published at the start of June 2021.
PUBLISHED_AT = dt.datetime(2021, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@dataclass(frozen=True)
class PointSpec:
    label: str
    explanation: str
    criteria: tuple[str, ...] = ()


# (judgement area code, kind) -> the paper's bullets, in its order.
# A: "Identification of Children and Young People"; B: "Assessing and Meeting Needs";
# C: "Effectiveness in Improving Outcomes".
KIRKLEES_POINTS: dict[tuple[str, str], list[PointSpec]] = {
    ("A", STRENGTH): [
        PointSpec(
            "Early identification and support",
            "Developing our focus on the early identification and support, working with "
            "families in a restorative manner to identify and co-produce agreed plans and "
            "strategies",
            ("A1", "A16"),
        ),
        PointSpec(
            "Mental Health Support Teams",
            "Our Mental Health Support Teams developing a whole school approach Learning and "
            "Development offer across 80 schools helping the identification of priorities "
            "around SEMH with a model regarded as good practice and shared across the region",
            ("A14",),
        ),
        PointSpec(
            "Graduated Approach Guidance",
            "Reviewing the Graduated Approach Guidance for mainstream schools incorporating a "
            "focus on current guidance to support identification and provision of children "
            "and young people with SEMH and Communication and Interaction needs culminating "
            "in recommendations for development.",
            ("A14", "A11"),
        ),
        PointSpec(
            "Lead SENCOs",
            "The development of a local group of Lead SENCOs incorporating training to "
            "undertake activities such as local SEND peer reviews of schools, leading local "
            "support for schools including SENCOs new to role, feeding in local best practice "
            "guidance to SENCO Network aimed at building the capacity of mainstream schools "
            "to identify and meet needs as early as possible.",
            ("A14", "A12"),
        ),
        PointSpec(
            "Two year assessments",
            "By adopting a partnership approach to two year assessments whereby if a 2 year "
            "old is attending an Early Years setting the setting will complete the health "
            "assessment as part of the Early Years Foundation Stage (EYFS) progress check.",
            ("A5",),
        ),
        PointSpec(
            "Support through the pandemic",
            "Throughout the Covid pandemic maintaining and adapting our support to families. "
            "We have also continued to make significant progress for example in relation to "
            "our Local Offer.",
            ("B5",),
        ),
    ],
    ("A", DEVELOP): [
        PointSpec(
            "Developing our Model(s) of Practice",
            "Our research into our cases show we could have intervened earlier (73%) to "
            "provide more early and timely support",
            ("A1",),
        ),
        PointSpec(
            "Local Offer",
            "Whilst our Local Offer has been refreshed, there is further development been "
            "undertaken in relation to its ease of use and impact",
            ("B5",),
        ),
        PointSpec(
            "Voice of the child and co-production",
            "Working to ensure the voice of the child is heard consistently throughout our "
            "SEND activity developing a model of co-production with parents and families too.",
            ("A15", "A16"),
        ),
        PointSpec(
            "Workforce awareness",
            "Ensuring our whole workforce is appropriately aware of SEND issues and how to "
            "work with families and young people.",
        ),
        PointSpec(
            "Sufficiency in adult commissioning",
            "Getting better at identifying ways to ensure that sufficiency of provisions is "
            "created in adult commissioning through earlier communication between children "
            "and adult services.",
            ("A7", "A10"),
        ),
        PointSpec(
            "Locala reports for EHC plans",
            "Through Locala improving its identification and reporting processes in relation "
            "to children with EHC plans to ensure timely reports for development plans.",
            ("A13", "A6"),
        ),
    ],
    ("B", STRENGTH): [
        PointSpec(
            "Staying in mainstream settings",
            "Aiming to support more young people to remain in mainstream settings and we are "
            "providing schools with additional resources to achieve this.",
            ("B6",),
        ),
        PointSpec(
            "Funding model for mainstream schools",
            "Consulting on a new funding model for mainstream schools phase 1, Phase 2 will "
            "look at Specialist provision",
        ),
        PointSpec(
            "Designated Medical and Clinical Officers",
            "Making sure our Designated Medical Officer / Designated Clinical Officer play a "
            "key part in implementing the SEND reforms and in supporting joined up working "
            "between health services and local authorities.",
            ("B2",),
        ),
        PointSpec(
            "Innovative commissioning",
            "Commissioning and developing some innovative arrangements to bring partners and "
            "provision together such as Thriving Kirklees, Sensory Occupational Therapies",
            ("B2", "C17"),
        ),
        PointSpec(
            "Statutory compliance",
            "Ensuring our statutory compliance in relation the EHC is improving and above the "
            "national average.",
            ("A6",),
        ),
        PointSpec(
            "Specialist provision referrals",
            "Responding to referrals across all Specialist Provision settings in a timely manner",
        ),
        PointSpec(
            "Wellbeing for Education Return",
            "Wellbeing for Education Return commencing November 2020 with specific focus on "
            "anxiety, stress, loss and bereavement as a consequence of the pandemic",
        ),
        PointSpec(
            "Special schools",
            "Having Special Schools for Children with SEND that are rated good or outstanding",
        ),
        PointSpec(
            "Young Peoples Activity Team",
            "Developing a Young Peoples Activity Team, which provides sessional leisure and "
            "recreational activities for disabled children and young people aged 5 to 18, is "
            "well regarded by parents and children and has adapted to respond to Covid-19",
            ("C14", "B4"),
        ),
        PointSpec(
            "Support and advice services",
            "Creating a range of provision and services that offer high quality support and "
            "advice, e.g., Portage, Intensive Family Support, Education Psychology",
            ("C11a",),
        ),
        PointSpec(
            "Education in Kirklees",
            "Committing to investing significantly to develop our capacity to support young "
            "people to remain in Kirklees rather than be educated elsewhere.",
            ("C15",),
        ),
        PointSpec(
            "CAMHS during Covid",
            "Our CAMHS provision in relation to the COVID impact being committed to offer "
            "SEND support utilising a creative and flexible approach to intervention "
            "including a continuation of offering face-to-face appointments where required.",
        ),
        # "Some examples of our Innovation include"
        PointSpec(
            "Innovation: Children's Expert Team",
            "Locala's Children's Expert Team Services works effectively across a number of "
            "disciplines and with partners in an integrated way to support children's "
            "physical, learning, communication needs.",
            ("B2",),
        ),
        PointSpec(
            "Innovation: Sensory Occupational Therapy",
            "Through Locala establishing a new Sensory Occupational Therapy service for "
            "children in Kirklees, including training of parents and professionals providing "
            "an improved knowledge base of those supporting children with sensory "
            "difficulties; 1 to 1 assessment provision for children with significant sensory "
            "requirements",
            ("C17",),
        ),
        PointSpec(
            "Innovation: Inclusion team",
            "Starting an Inclusion team with school inclusion partners to work on SEND "
            "reviews, peer to peer development, targeted training and support.",
            ("B6",),
        ),
        PointSpec(
            "Innovation: Integrated commissioning",
            "Our commissioning arrangements are integrated across health and the local "
            "authority partners helping to co-ordinate activities and provision more "
            "effectively",
            ("B2", "A10"),
        ),
    ],
    ("B", DEVELOP): [
        # The paper repeats this bullet, word for word, under identification.
        PointSpec(
            "Developing our Model(s) of Practice",
            "Our research into our cases show we could have intervened earlier (73%) to "
            "provide more early and timely support",
            ("C12",),
        ),
        PointSpec(
            "Improving Sufficiency",
            "there is insufficient capacity in all settings and placements across our SEND "
            "system to meet individual needs",
            ("B6", "C11a"),
        ),
        PointSpec(
            "Reducing Exclusions",
            "too many of our young people with SEND needs are excluded from their settings",
        ),
        PointSpec(
            "Preparing for adulthood",
            "Moving towards adulthood requires a more holistic approach from a younger age "
            "and more consistent co-production",
            ("C16", "B1"),
        ),
        PointSpec(
            "Local options and choices",
            "Having more local options and choices for young people across Kirklees which "
            "mean that young people don't have leave Kirklees to live or for education.",
            ("C15",),
        ),
        PointSpec(
            "Waiting times",
            "Tackling the waiting times for some services such Speech and Language, Autism "
            "and Children's Mental Health referrals are too long at present",
            ("C17",),
        ),
        PointSpec(
            "Demand and pressures on SENDACT",
            "Addressing the increasing demand and the impact has led to pressures in SENDACT "
            "and other areas",
        ),
        PointSpec(
            "Adult social care transitions",
            "Improving in Adult Social Care the transitional arrangements/pathways for those "
            "young people who do not have a Learning Disability need to be improved.",
            ("C16", "A7"),
        ),
    ],
    ("C", STRENGTH): [
        PointSpec(
            "Single transformation plan",
            "Having a major, single transformation plan and programme which has clear "
            "timescales and success measures in place. The first stage include the refreshed "
            "Local Offer, the Inclusion Support Offer and our additional investment in "
            "mainstream schools.",
        ),
        PointSpec(
            "Co-designed Local Offer",
            "Re-commissioning the Local Offer and co-designing and produced this with parents "
            "and carers and with plans for children and young people to further improve its "
            "accessibility",
            ("B5", "B1"),
        ),
        PointSpec(
            "Inclusion and Support Offer",
            "Launching our Inclusion and Support Offer which is developing our support to "
            "practitioners such as SENCOs to support families and young people.",
        ),
        PointSpec(
            "Working with PCAN",
            "Having a good and effective relation with Parents of Children with Additional "
            "Needs (PCAN). We actively seek to co-produce our improvement priorities.",
            ("B1", "C19"),
        ),
        PointSpec(
            "Transition pathways into adulthood",
            "The transition pathways for young people into adulthood have been reviewed with "
            "key stakeholders and the support and service enhanced.",
            ("C16",),
        ),
        PointSpec(
            "My Life project",
            "The My Life project improving the adult social care offer of information, "
            "advice, and guidance available to young people within specialist educational "
            "settings.",
            ("C18", "C16"),
        ),
        PointSpec(
            "Project SEARCH",
            "MY Project SEARCH Dewsbury Hospital is a unique pre-employment program which "
            "helps young people with learning disabilities gain the skills they need to get "
            "meaningful paid jobs. A similar scheme will be introduced by Kirklees Council",
            ("C8",),
        ),
        PointSpec(
            "Education, employment and training",
            "Delivering in Kirklees a high overall Education, Employment and Training (EET) "
            "performance level which our SEND EET figures reflect with 92.7% in education, "
            "employment or training (March 2021)",
            ("C8",),
        ),
        PointSpec(
            "SEND data dashboard",
            "By investing in our systems in a number of key ways to capture our impact "
            "included a SEND data dashboard where key trends are captured along with a "
            "refreshed approach to quality assurance.",
        ),
    ],
    ("C", DEVELOP): [
        PointSpec(
            "Knowing the impact of our services",
            "Being aware that we have not always been able to assess the impact of our "
            "services. Our first steps across all partners will be to capture what is working "
            "well and the effectiveness of our provisions.",
            ("C3",),
        ),
        PointSpec(
            "Consistent services",
            "Ensuring that all of young people receive consistent, high quality and timely "
            "services.",
        ),
        PointSpec(
            "Quality Assurance framework",
            "Implementing our new Quality Assurance framework (as part of practise across "
            "Children's Services) which will help to identify good practice and ensure the "
            "standard of practice is more strengths based and restorative.",
        ),
        PointSpec(
            "Assessing our impact",
            "We need to develop a better understanding of what is making an impact to "
            "outcomes and to commission the right services across both children and adult "
            "settings education and social care.",
            ("C3", "C17"),
        ),
        PointSpec(
            "Educational outcomes",
            "Improving Educational outcomes for children with SEND across a range of "
            "educational outcomes across Key Stages 2 to 4",
            ("C4",),
        ),
        PointSpec(
            "Post-16 choices",
            "Whilst understanding our NEET data is strong, we still need to broaden and "
            "improve the employment and education/training choices for post our post 16 "
            "teenagers and young people",
            ("C8",),
        ),
        PointSpec(
            "Therapy outcome measures",
            "Locala recognising the need to review and embed the use of outcome measures in "
            "relation to a number of therapies.",
            ("C3",),
        ),
    ],
}

# Version 2, invented (the paper has one version): the Local Offer point under
# identification reworded as if a year on, and one new point to develop.
V2_CHANGED = ("A", DEVELOP, "Local Offer")
V2_CHANGED_EXPLANATION = (
    "Our Local Offer has been refreshed; we are now testing its ease of use and impact with "
    "parents, carers and young people, and acting on what they tell us"
)
V2_ADDED = ("B", DEVELOP)
V2_ADDED_POINT = PointSpec(  # invented: not in the paper
    "Annual reviews",
    "Making sure every EHC plan is reviewed on time each year, with advice from education, "
    "health and social care, so that plans keep up with children's and young people's needs",
    ("C6", "B3"),
)


@transaction.atomic
def demo_self_evaluation_load() -> dict[str, int]:
    """Create (or leave as it is) the Kirklees demo self-evaluation: version 1 published,
    version 2 a draft.

    Needs the Kirklees demo area from `sendready.demo.areas_demo.demo_load`; without it nothing is made.
    Returns how many demo rows exist afterwards."""
    area = LocalArea.objects.filter(slug=AREA_SLUG, is_demo=True).first()
    if area is not None and not SelfEvaluationVersion.objects.filter(area=area).exists():
        _load(area)
    return {
        "versions": SelfEvaluationVersion.objects.filter(area__is_demo=True).count(),
        "points": SelfEvaluationPoint.objects.filter(is_demo=True).count(),
    }


def _load(area: LocalArea) -> None:
    users = get_user_model().objects.filter(username__startswith=f"{area.slug}-")
    by_name = {user.username: user for user in users}
    lead, officer = by_name.get(f"{area.slug}-lead"), by_name.get(f"{area.slug}-officer")
    questions = _judgement_areas(area)

    first = se_services.draft_start(area=area, by=officer)
    saved = {}
    for (code, kind), specs in KIRKLEES_POINTS.items():
        for order, spec in enumerate(specs, start=1):
            point = _point_save(first, questions[code], kind, order, spec, officer)
            saved[code, kind, spec.label] = point
    se_services.version_publish(version=first, by=lead)
    # The service stamps the time of publishing; the demo dates it to the paper.
    SelfEvaluationVersion.objects.filter(pk=first.pk).update(published_at=PUBLISHED_AT)

    second = se_services.draft_start(area=area, by=officer)  # copies the points, keeping their keys
    code, kind, label = V2_CHANGED
    spec = next(s for s in KIRKLEES_POINTS[code, kind] if s.label == label)
    before = saved[V2_CHANGED]
    point = second.points.get(key=before.key)
    _point_save(
        second,
        questions[code],
        kind,
        before.order,
        PointSpec(spec.label, V2_CHANGED_EXPLANATION, spec.criteria),
        officer,
        point=point,
    )
    code, kind = V2_ADDED
    order = len(KIRKLEES_POINTS[code, kind]) + 1
    _point_save(second, questions[code], kind, order, V2_ADDED_POINT, officer)


def _point_save(version, question, kind, order, spec: PointSpec, by, point=None):
    data = {
        "judgement_area": question,
        "kind": kind,
        "label": spec.label,
        "explanation": spec.explanation,
        # point_save sets the criteria to exactly these (none if left out), so always pass them.
        "criteria": _criteria(version.framework_id, spec.criteria),
        "evidence": "",
        "order": order,
        "is_demo": True,
    }
    return se_services.point_save(version=version, data=data, by=by, point=point)


def _judgement_areas(area: LocalArea) -> dict[str, JudgementArea]:
    found = {
        ja.code: ja
        for ja in JudgementArea.objects.filter(
            framework_id=area.framework_id, code__in=["A", "B", "C"]
        )
    }
    missing = sorted({code for code, _ in KIRKLEES_POINTS} - found.keys())
    if missing:
        raise ValueError(f"Judgement areas not in {area.framework}: {', '.join(missing)}")
    return found


def _criteria(framework_id: int, codes: tuple[str, ...]) -> list[Criterion]:
    found = {c.code: c for c in Criterion.objects.filter(framework_id=framework_id, code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValueError(f"Criteria not in the framework: {', '.join(missing)}")
    return [found[code] for code in codes]
