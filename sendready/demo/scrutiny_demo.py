"""Demonstration scrutiny review for Kirklees (seed 003): the Children's Scrutiny Panel's
review "SEND – The Parent's Perspective", presented to Cabinet on 19 March 2019, with its
14 recommendations in four themes and the Cabinet Members' response to each.

The recommendations (from the report's RECOMMENDATIONS list), the responses, how each
will be implemented, who is responsible and the timescale are transcribed from the seed,
tidied only where the PDF extraction broke lines or table cells. The seed never labels a
response "accepted" or otherwise: each decision below is a reading of the response, and a
response that takes the recommendation on without reservation counts as accepted. The
target dates are readings of the seed's timescales. The progress updates (2020) are
invented: the seed ends at the Cabinet meeting. Every row is marked is_demo.

Run it after `sendready.demo.areas_demo.demo_load` (it needs the Kirklees demo area, its framework's
criteria and the kirklees-scrutiny user); without the area it does nothing. Running it
again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from areas.models import LocalArea
from sendready.demo.actions_demo import _criteria, _saved

D = dt.date
A = RecommendationUpdate.Assessment
DECISION = Response.Decision

AREA_SLUG = "kirklees"

# "Name of meeting: Cabinet. Date: 19th March 2019." The paper asks Cabinet to note the
# findings and the Cabinet Members' responses; the demo takes the meeting date as the
# date of the decision on the responses.
CABINET_DECISION = D(2019, 3, 19)

REVIEW = {
    "panel": "Children's Scrutiny Panel",
    "title": "SEND – The Parent's Perspective",
    "scope": (
        "How the Special Educational Needs & Disability Assessment & Commissioning Team "
        "(SENDACT) interacts and works with parents and carers. The Panel met parents "
        "involved with the SEND process to gain feedback on their views and involvement with "
        "the service, at two PCAN (Parents of Children with Additional Needs) meet-ups in "
        "Huddersfield (7 September 2018) and Dewsbury (18 September 2018), and took views by "
        "telephone and e-mail from parents who could not attend: around 35 parents in all."
    ),
    # "The Panel held a planning meeting on Friday 22nd June 2018"; the findings report is
    # dated December 2018 and went to Cabinet on 19 March 2019.
    "started_on": D(2018, 6, 22),
    "reported_on": CABINET_DECISION,
    "cabinet_decision_on": CABINET_DECISION,
    "report_url": "",  # the seed gives none
    "status": ScrutinyReview.Status.MONITORING,
}

SERVICE_STANDARDS = "Service Standards"
EFFECTIVE_PARTICIPATION = "Effective Participation"
PARENTING_COURSES = "Parenting Courses"
TIMESCALES_AND_CONTENT = "Timescales and Content"

# Invented meetings of the Panel at which it reviewed progress.
JANUARY_2020 = D(2020, 1, 14)
MARCH_2020 = D(2020, 3, 3)


@dataclass(frozen=True)
class UpdateSpec:
    date: dt.date
    text: str
    assessment: str


@dataclass(frozen=True)
class RecommendationSpec:
    number: int
    theme: str
    text: str
    decision: str
    response: str
    implementation: str
    responsible: str
    timescale: str  # the seed's words
    target_date: dt.date | None  # a reading of the timescale; None: ongoing or not a date
    criteria: tuple[str, ...] = ()
    updates: tuple[UpdateSpec, ...] = ()


RECOMMENDATIONS = [
    # The action plan's copy reads "All parents should know the name of their caseworker";
    # the text here is the report's own list of recommendations.
    RecommendationSpec(
        1,
        SERVICE_STANDARDS,
        "Develop a minimum level of service standards for communications (emails, telephone "
        "calls): regularly updated contact information. All parents know the name of their "
        "caseworker.",
        DECISION.ACCEPTED,
        "Timelines and processes have been introduced so that parents know the timescales "
        "within which a call will be returned or an email answered. This has been a major focus "
        "of discussion with the Parent Monitoring Group who cite this as a major concern. A "
        "newly configured business support arm of the team has set up a process for amending "
        "contact details as these change. The new team has now been organised into areas and "
        "the number of cases held by each caseworker has been reduced to enable a better "
        "working relationship with parents. A more senior officer has oversight of each area. "
        "New guidelines for working state that the caseworker has a detailed conversation with "
        "the parents of any child new to the team to establish an early relationship with them.",
        "Through the SENDACT action plan",
        "Kate Mawer and Vicky Bruce",
        "December 2018, with a half termly review.",
        # December 2018 is before the Cabinet decision (a target may not precede it), and
        # the half-termly review carries on: no single target date.
        None,
        criteria=("B4",),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "Response times for calls and emails are published on the Local Offer and "
                "checked each half term with the parent monitoring group; every family has "
                "been told the name of its caseworker and the contact list in reception is "
                "kept up to date.",
                A.IMPLEMENTED,
            ),
        ),
    ),
    RecommendationSpec(
        2,
        SERVICE_STANDARDS,
        "All notes relating to individual children, casework, and decisions made are "
        "detailed, accurate, and can be understood by all.",
        DECISION.ACCEPTED,
        "There is now an extensive training programme in place and an expectation that all "
        "casework notes and notes relating to SEND Panels are detailed and accurate. This is "
        "currently a major focus for team leaders, quality is improving rapidly, and officers "
        "can now speak on behalf of other colleagues due to the quality of these. Where "
        "standards are not met, a robust discussion takes place with the caseworker where both "
        "support and challenge is offered.",
        "Through the SENDACT action plan and the CPD programme",
        "Kate Mawer and Vicky Bruce",
        "January 2019, reviewed through supervision (case notes) and after each SEND Panel "
        "(Panel notes)",
        # January 2019 is before the Cabinet decision, and the review is continuous.
        None,
    ),
    RecommendationSpec(
        3,
        SERVICE_STANDARDS,
        "Review the format and length of letters to parents to ensure that language is "
        "accessible, with a clear rationale for decisions made. Develop a fact sheet or FAQ "
        "sheet to explain the more formal, complex legal information.",
        DECISION.ACCEPTED,
        "All letters are currently under review to ensure that they are accurate and "
        "accessible, and this review has also been included in the workforce development "
        "programme for officers. All information relating to process (FAQ) is currently "
        "available on the Kirklees Local Offer (in order to avoid the use of over-complicated "
        "letters) and has been developed in co-production with PCAN. Parents will be "
        "signposted to this information at the start of the EHCP process.",
        "Through the SENDACT action plan",
        "Kate Mawer and Vicky Bruce",
        "April 2019",
        D(2019, 4, 30),
        criteria=("B5", "B4"),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "Letters rewritten in plain English with the reasons for each decision and "
                "a link to the FAQ on the Local Offer; PCAN reviewed the new versions.",
                A.IMPLEMENTED,
            ),
        ),
    ),
    # Partially accepted: the response embraces the person-centred approach but will only
    # "explore" recording differing views in a plan, and answers meetings held for
    # professionals only by saying they should be rare, not by giving reasons and minutes.
    RecommendationSpec(
        4,
        EFFECTIVE_PARTICIPATION,
        "Ensure that a Person Centred Approach is adopted and embedded by all professionals "
        "working with children with SEND and their families, so that their views are "
        "incorporated into the EHCP process, and an explanation is given where parental "
        "requests are not implemented. The Panel recommends that the EHCP records any "
        "disparity between decision made and parental requests. Where a meeting is held for "
        "professionals only, a reason should be given for this and minutes shared.",
        DECISION.PARTIALLY,
        "Co-production and listening to parent views are at the core of the Children and "
        "Families Act principles. There can be differing views about the type of provision "
        "needed and any decision is made on the basis of assessments and evidence alongside "
        "parental preference – this is made clear at the start of any process. The SEND Panel "
        "that makes these decisions has undergone a review and there are now rigorous "
        "standards in place along with detailed notes that record decisions (and reasons for "
        "these). We will explore if there is a way of recording differing views within a plan. "
        "There should rarely be a meeting where parents are not invited to attend, and as a "
        "result of the Scrutiny Panel identifying this, it has been raised at the team meeting. "
        "All SENDACT officers have undertaken 'Child and Family Centred Approach' (CFCA) "
        "training and the principles of this are embedded into the action plan. There are now "
        "CFCA Advocates who will continue to train wider groups of colleagues across Council "
        "services, Health teams, and schools and settings. The CFCA training has been a useful "
        "way to bring better coordination across teams and services (Attendance, Virtual "
        "School) but there is a need to broaden the approach across wider services and align "
        "the principles with the person-centred approach that already exists in these teams.",
        "SENDACT – CPD programme. Schools – PCA Champions",
        "Vicky Bruce and Kate Mawer",
        "September 2019 (engagement with wider services through the Workforce Development "
        "Plan) but this will be an ongoing focus.",
        D(2019, 9, 30),
        criteria=("B1", "C7", "A15"),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "CFCA Advocates have trained staff in schools, health teams and the Disabled "
                "Children's Team. New plans record where a decision differs from the parents' "
                "request, and the reason for any meeting held without parents is minuted.",
                A.IMPLEMENTED,
            ),
        ),
    ),
    # Deferred: the response refers the recommendation to budget planning ("Discussion at
    # SLT") without accepting or rejecting it.
    RecommendationSpec(
        5,
        EFFECTIVE_PARTICIPATION,
        # The action plan's copy misspells SENDACT as "SEDACT".
        "SENDACT to review its use of interpreters to ensure that they are independent of the "
        "family.",
        DECISION.DEFERRED,
        # An unclosed bracket in the seed ("(There are ...") is dropped.
        "There are resource implications which will be discussed as part of budget planning.",
        "Discussion at SLT",
        "Mandy Cameron",
        "April 2019",
        D(2019, 4, 30),
    ),
    # Partially accepted: advocacy "can be considered within the budget" (at SLT), and the
    # training part is answered with the training already in place, not additional training.
    RecommendationSpec(
        6,
        EFFECTIVE_PARTICIPATION,
        "Consideration to be given to the provision of advocate agencies for parents and "
        "carers as part of a package of support through the EHCP process. Additional training "
        "provided to caseworkers to better communicate with parents and carers with learning "
        "disabilities.",
        DECISION.PARTIALLY,
        "There are a number of advocate agencies within the Kirklees area and some parents pay "
        "to use these. Kirklees Independent Advice Service (KIAS – SENDIASS) also offers "
        "independent support to parents and is used widely. Any use of advocate agencies can "
        "be considered within the budget, but the training in place for caseworkers has a "
        "focus on communication and co-production.",
        "Discussion at SLT",
        "Mandy Cameron",
        "April 2019",
        D(2019, 4, 30),
        criteria=("C18",),
    ),
    RecommendationSpec(
        7,
        EFFECTIVE_PARTICIPATION,
        "The School Transport Team will review its processes to ensure that children with "
        "SEND are not disadvantaged.",
        DECISION.ACCEPTED,
        "School Transport is currently reviewing its ways of working with parents to ensure "
        "that those children who need it have access to appropriate assistance with transport. "
        "This is a culture change that will challenge some current expectations of support.",
        "Transport work stream",
        "Judith Anderson",
        "September 2019",
        D(2019, 9, 30),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "The review of school transport processes has not finished; parents still "
                "report that travel after compulsory additional lessons is refused. The Panel "
                "asked for a revised timescale at its next meeting.",
                A.BEHIND,
            ),
        ),
    ),
    RecommendationSpec(
        8,
        PARENTING_COURSES,
        "Revise the parenting support offer to take into account feedback from parents about "
        "the specific difficulties they face as parents of a child with SEND, e.g. adolescent "
        "to parent violence. Develop the Children's Service Workforce Development Plan to "
        "incorporate attitudes and behaviours – to remove judgement of parenting ability and "
        "to develop an understanding of the pressures families face.",
        DECISION.ACCEPTED,
        "Communications and relationships with parents form a central part of all training for "
        "schools, and messages shared at SENConet, etc. The Workforce Development Group, led by "
        "Ophelia Rix, with input from Christine Bennett, Paul Harris, Mandy Cameron and Marion "
        "Gray, is working towards an overall CPD programme with a strong emphasis on SEND. The "
        "workforce development plan will have at its core a value and behaviour-based element "
        "regarding the way in which we communicate with families. Alongside the issues that "
        "this raises about workforce development, early discussions have been held within the "
        "SEND Strategy Group, with input from parent members, about how we might support "
        "families better in relation to the specific difficulties they may face as opposed to "
        "a more generic response. There is already a SEN Family Links Programme and the Step Up "
        "programme (which may not be suitable for this purpose) and these are delivered through "
        "the Stronger Families Programme. A Stronger Families Officer is meeting with a group of "
        "parents from PCAN to see how our existing programmes might be adapted to better meet "
        "need.",
        # Two cells each holding two entries, run together in the extraction.
        "Workforce Development Strategy Group; Disabled Children's Review Board",
        "Ophelia Rix and Christine Bennett; Michelle Wheatcroft and Roger Clayphan",
        "December 2019",
        D(2019, 12, 31),
        criteria=("C12",),
    ),
    # Partially accepted: the response commits to improving timescales (a timeline with
    # interim deadlines, KPIs) but says nothing about a letter of apology for delays.
    RecommendationSpec(
        9,
        TIMESCALES_AND_CONTENT,
        "Improve timescales for EHCPs by ensuring that the statutory process and "
        "responsibilities within this are understood by all agencies. If timescales are not "
        "met, a letter of apology to be issued stating the reasons for the delay.",
        DECISION.PARTIALLY,
        "Our statutory compliance in relation to timescales has fluctuated from 40% to 70% and "
        "there is an understanding that further work is needed to embed changes that will "
        "bring about consistent and better improvement. The action plan includes development "
        "of a timeline with interim deadlines for action in order to prompt agency input and "
        "to improve statutory timescales. A series of KPIs will be developed to monitor "
        "progress.",
        "SENDACT action plan",
        "Vicky Bruce and Kate Mawer",
        "September 2019",
        D(2019, 9, 30),
        criteria=("A6", "B2"),
        # No update: the browser tests record the Panel's assessment of this one.
    ),
    RecommendationSpec(
        10,
        TIMESCALES_AND_CONTENT,
        "Review the SEND Panel to ensure timely decision making regarding school allocations. "
        "Consideration to be given to a summer panel to prevent delay over the long school "
        "holiday.",
        DECISION.ACCEPTED,
        "This review is underway and a significant improvement in process and timeliness can "
        "already be evidenced. Engagement from Heads of Service has led to much improved "
        "attendance at Panel and all members have received training about new process and "
        "expectations. Further consideration will be given in the action plan to the addition "
        "of a summer panel to prevent delay. The large number of cases coming to Panel has "
        "caused some difficulty and further work is needed with partners (particularly in "
        "schools and across health) to look at the reasons for this. Greater future engagement "
        "with Early Support will assist here.",
        "SENDACT action plan",
        "Vicky Bruce and Kate Mawer",
        "January 2019",
        # January 2019 had passed when Cabinet decided (the review was "underway"); a
        # target may not precede the decision.
        None,
        criteria=("A6", "C10"),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "The SEND Panel met through the summer holiday of 2019 for the first time, and "
                "decisions on school places are now made within the statutory timescale.",
                A.IMPLEMENTED,
            ),
        ),
    ),
    RecommendationSpec(
        11,
        TIMESCALES_AND_CONTENT,
        "Quality of EHCPs to be developed in partnership with agencies with specific attention "
        "to measurable, achievable and child-specific outcomes and interim steps, with "
        "consideration of impact and success of these built into the annual review process.",
        DECISION.ACCEPTED,
        "Quality of EHCPs and of outcomes is a central task in the action plan alongside a more "
        "robust response to the processing of annual reviews so that we can monitor impact of "
        "EHCP activity. The quality of EHCPs is inconsistent, although we are now seeing "
        "improved plans from those that have been started since March 2018 (the end of the "
        "transfer review period). The plans that were transferred from statements require "
        "attention and will be done through the annual review process. The proactive "
        "engagement from social care will be central to this.",
        "EHCP QA group",
        "Kate Mawer, Vicky Bruce, Christine Bennett, Tom Brailsford",
        "March 2020",
        D(2020, 3, 31),
        criteria=("B3", "C6", "C1"),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "The EHCP QA group audits a sample of plans each month with health and social "
                "care; plans transferred from statements are being revised at their annual "
                "reviews.",
                A.ON_TRACK,
            ),
        ),
    ),
    RecommendationSpec(
        12,
        TIMESCALES_AND_CONTENT,
        "Develop and review the offer for those children who cannot attend school so that they "
        "remain engaged through the potential commissioning of other services. Consideration "
        "to be given to the use of flexi-schooling.",
        DECISION.ACCEPTED,
        "An additional service to maintain engagement with individual children who are not "
        "attending school/assist with transition back into school has been commissioned and "
        "early reports from those children and their families are very positive. However the "
        "cohort is very small and there is a need to identify and commission additional "
        "activity here. The work of Early Support and the soon to be review Disabled "
        "Children's Team will support this. SENDACT now works closely with the Education "
        "Safeguarding Team who oversee Elective Home Education (and who are reviewing their "
        "processes for flexi-schooling – awaiting outcome of DfE consultation).",
        # Three cells each holding three entries, run together in the extraction.
        "Development of PRU offer; Development of Early Support Offer; Review of Disabled "
        "Children's Team",
        "Mandy Cameron; Michelle Wheatcroft; Christine Bennett",
        "July 2020",
        D(2020, 7, 31),
        criteria=("C11b",),
        updates=(
            UpdateSpec(
                MARCH_2020,
                "Further places commissioned for children who cannot attend school; the "
                "review of the Disabled Children's Team has started.",
                A.ON_TRACK,
            ),
        ),
    ),
    RecommendationSpec(
        13,
        TIMESCALES_AND_CONTENT,
        "Revise the post 16 provision offer for young people with SEND to enable them to "
        "continue with full time education and achieve strong outcomes.",
        DECISION.ACCEPTED,
        "Full time education at post 16 equates to 600 hours per year (3 days per week). "
        "Currently our special school post 16 provision is funded for 5 days per week, thereby "
        "providing an inequitable service (consistent with practice across the country). As "
        "part of the High Needs Review we are beginning to work with colleagues in social care "
        "to review the 3/5 offer for all students who attend post 16 college provision in "
        "order to establish what activity could be available on the other two days. We are "
        "also working with local colleges to better understand their offer in order to "
        "commission what we need for our increasing cohort of students. There is a need still "
        "for wider choice for students with SEND that takes account of their very specific "
        "needs. We are currently working with our special schools to develop further "
        "provision for an identified cohort of students.",
        "Development of specialist post 16 places; Partnership work with Kirklees College",
        "Mandy Cameron; Sarah Grant",
        "September 2020",
        D(2020, 9, 30),
        criteria=("C8", "C11b"),
        updates=(
            UpdateSpec(
                MARCH_2020,
                "Social care and Kirklees College have agreed activities for the two days "
                "a week outside college for the September 2020 intake.",
                A.ON_TRACK,
            ),
        ),
    ),
    # Deferred: the response does not take it on as written; it needs "long term and
    # complex" defined with the parent monitoring group, then consideration through the
    # SENDACT Review.
    RecommendationSpec(
        14,
        TIMESCALES_AND_CONTENT,
        "Allocate a senior specialist caseworker to those children with long term, complex "
        "conditions, to remain with the child and plan in advance for transitions.",
        DECISION.DEFERRED,
        "We would need to define 'long term and complex' as this equates to a large number of "
        "children. Currently senior caseworkers work with the most complex children/cases. A "
        "child with complex needs may not be a complex case if the provision in place meets "
        "their needs. Further dialogue to ascertain a common understanding will be undertaken "
        "with the parent monitoring group.",
        "Consideration to be given through the SENDACT Review",
        "Vicky Bruce, Kate Mawer",
        "August 2019",
        D(2019, 8, 31),
        criteria=("C16", "A7"),
        updates=(
            UpdateSpec(
                JANUARY_2020,
                "No definition of 'long term and complex' has yet been agreed with the parent "
                "monitoring group.",
                A.BEHIND,
            ),
            UpdateSpec(
                MARCH_2020,
                "Definition agreed with the parent monitoring group; a senior caseworker is "
                "now allocated to each child it covers and plans ahead for their transitions.",
                A.IMPLEMENTED,
            ),
        ),
    ),
]


@transaction.atomic
def demo_scrutiny_load(*, today: dt.date | None = None) -> dict[str, int]:
    """Create (or leave as it is) the Kirklees demo scrutiny review.

    Needs the Kirklees demo area from `sendready.demo.areas_demo.demo_load`; without it nothing is made.
    Progress updates dated after `today` are left out. Returns how many demo rows exist
    afterwards."""
    today = today or dt.date.today()
    area = LocalArea.objects.filter(slug=AREA_SLUG, is_demo=True).first()
    if area is not None:
        _load_review(area, today)
    return {
        "reviews": ScrutinyReview.objects.filter(is_demo=True).count(),
        "recommendations": Recommendation.objects.filter(is_demo=True).count(),
        "responses": Response.objects.filter(is_demo=True).count(),
        "updates": RecommendationUpdate.objects.filter(is_demo=True).count(),
    }


def _load_review(area: LocalArea, today: dt.date) -> ScrutinyReview:
    """The area's review with this title, created with everything in it if it is new."""
    existing = ScrutinyReview.objects.filter(area=area, title=REVIEW["title"]).first()
    if existing is not None:
        return existing
    for spec in RECOMMENDATIONS:
        _check(spec)
    review = _saved(ScrutinyReview(area=area, is_demo=True, **REVIEW))
    recorded_by = get_user_model().objects.filter(username=f"{area.slug}-scrutiny").first()
    for spec in RECOMMENDATIONS:
        recommendation = _saved(
            Recommendation(
                review=review, number=spec.number, theme=spec.theme, text=spec.text, is_demo=True
            )
        )
        recommendation.criteria.set(_criteria(area, spec.criteria))
        _saved(
            Response(
                recommendation=recommendation,
                decision=spec.decision,
                text=spec.response,
                implementation=spec.implementation,
                responsible=spec.responsible,
                target_date=spec.target_date,
                timescale=spec.timescale,
                decision_date=review.cabinet_decision_on,
                is_demo=True,
            )
        )
        for update in spec.updates:
            if update.date > today:
                continue
            _saved(
                RecommendationUpdate(
                    recommendation=recommendation,
                    date=update.date,
                    meeting=f"{review.panel}, {update.date.day} {update.date:%B %Y}",
                    text=update.text,
                    assessment=update.assessment,
                    recorded_by=recorded_by,
                    is_demo=True,
                )
            )
    return review


def _check(spec: RecommendationSpec) -> None:
    dates = [update.date for update in spec.updates]
    if len(set(dates)) != len(dates) or dates != sorted(dates):
        raise ValueError(f"Demo updates out of order or on the same day: {spec.number}")
    if any(date < CABINET_DECISION for date in dates):
        raise ValueError(f"Demo update before the Cabinet decision: {spec.number}")
    # The app counts a recommendation past its target as overdue unless it is settled, so
    # "on track" after the target date would read as a contradiction.
    for update in spec.updates:
        late = spec.target_date is not None and update.date > spec.target_date
        if update.assessment == A.ON_TRACK and late:
            raise ValueError(f"Demo update on track after the target date: {spec.number}")
