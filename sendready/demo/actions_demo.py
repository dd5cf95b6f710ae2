"""Demonstration inspections, improvement plans, actions and progress for three of the
demo areas made by `sendready.demo.areas_demo.demo_load`:

- Kent (seed 001): the 2019 inspection that required a Written Statement of Action,
  nine significant weaknesses and the five-workstream SEND Improvement Programme.
- Bradford (seed 002): the pre-inspection SEND partnership plan for 2019/20, with the
  areas for development split by partner.
- Sunderland (seed 004): a self-directed readiness plan for 2018 built on the criteria
  that were red in February 2018 (A9, A4, A10, B2).

Facts (numbers, dates, names of boards and workstreams) come from the seed papers; the
wording of the weaknesses, owners, success measures and every outcome after the date of
each paper are invented. Every row is marked is_demo. No child is described: owners are
job titles. Run it after `demo_load`; running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.models import (
    Action,
    Finding,
    ImprovementPlan,
    Inspection,
    Milestone,
    Partner,
    ProgressUpdate,
    Workstream,
)
from areas.models import LocalArea
from frameworks.models import Criterion

D = dt.date
S = Action.Status

COUNCIL, HEALTH, JOINT = Partner.COUNCIL, Partner.HEALTH, Partner.JOINT


@dataclass(frozen=True)
class UpdateSpec:
    date: dt.date
    text: str
    status_after: str


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    due_on: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class ActionSpec:
    workstream: str  # the workstream's code
    description: str
    owner: str
    partner: str
    starts_on: dt.date | None
    due_on: dt.date
    status: str
    success_measure: str = ""
    weaknesses: tuple[int, ...] = ()  # finding numbers
    criteria: tuple[str, ...] = ()
    updates: tuple[UpdateSpec, ...] = ()
    milestones: tuple[MilestoneSpec, ...] = field(default=())


@dataclass(frozen=True)
class WorkstreamSpec:
    code: str
    title: str
    lead_partner: str
    lead_officer: str


# ---------------------------------------------------------------------------------------
# Kent (seed 001, cabinet committee update of 18 November 2020; inspection dates and the
# number of weaknesses from the Ofsted outcomes data).

KENT_REPORT = D(2020, 11, 18)

KENT_INSPECTION: dict[str, Any] = {
    "kind": Inspection.Kind.FULL,
    "started_on": D(2019, 1, 28),
    "published_on": D(2019, 3, 29),
    "outcome_category": Inspection.Outcome.WSOA_REQUIRED,
    "outcome": (
        "Inspectors determined that a Written Statement of Action is required because of "
        "significant areas of weakness in the local area's practice. The local authority and "
        "the clinical commissioning groups are jointly responsible for submitting it to Ofsted."
    ),
    "report_url": "",
}

# The seed gives the number of weaknesses (nine), not their words: these are invented to fit
# the five workstreams. (number, text, criteria codes)
KENT_WEAKNESSES = [
    (
        1,
        "Parents and carers have little confidence in the local area's ability to meet their "
        "children's needs; communication with families is poor and many feel they have to "
        "fight for support.",
        ("B4", "A15", "C19"),
    ),
    (
        2,
        "Co-production with parents, carers and young people is not embedded, either in "
        "strategic planning or in the assessment and review of individual needs.",
        ("B1", "C7"),
    ),
    (
        3,
        "The local offer is not well known or well used by families and professionals, and "
        "information about support is hard to find.",
        ("B5", "C18"),
    ),
    (
        4,
        "Inclusive practice varies too much between mainstream schools; SEN support is "
        "inconsistent and too many pupils with SEND are excluded or on part-time timetables.",
        ("A14", "B6", "C3"),
    ),
    (
        5,
        "Leaders do not know well enough how children and young people with SEND progress "
        "and attain, so the outcomes gap with their peers is not closing.",
        ("C4", "C9", "A18"),
    ),
    (
        6,
        "The quality of EHC plans is poor: outcomes are vague and health and social care "
        "contributions are often missing or out of date.",
        ("B3", "A13", "C1"),
    ),
    (
        7,
        "Too few EHC needs assessments are completed within 20 weeks, in large part because "
        "there is not enough educational psychology capacity.",
        ("A6", "A13"),
    ),
    (
        8,
        "Joint commissioning is underdeveloped, and the strategic oversight and joint "
        "governance of the SEND reforms by the council and health are weak.",
        ("A10", "B2", "C17"),
    ),
    (
        9,
        "Waiting times for the neurodevelopmental pathway and for speech and language therapy "
        "are too long, and health provision varies across the county.",
        ("C11a", "C17", "A5"),
    ),
]

KENT_PLAN: dict[str, Any] = {
    "title": "Written Statement of Action 2019",
    "kind": ImprovementPlan.Kind.WSOA,
    "starts_on": D(2019, 8, 1),  # "The SEND Improvement Programme was initiated in August 2019"
    "status": ImprovementPlan.Status.ACTIVE,
    "governance": "SEND Improvement Board",
    "budget": Decimal("2900000.00"),  # £2.9m, 2020-23 Medium Term Finance Plan, monitored monthly
}
KENT_PLAN_FIRST_END = D(2021, 3, 31)

# "Workstreams A – C are led by KCC, D is jointly led with Health and E is led by Health."
# The lead officers are invented job titles.
KENT_WORKSTREAMS = [
    WorkstreamSpec(
        "A", "Parent engagement and co-production", COUNCIL, "Family Engagement Manager"
    ),
    WorkstreamSpec(
        "B",
        "Inclusive practice and the outcomes, progress and attainment of children and young people",
        COUNCIL,
        "Head of Inclusion",
    ),
    WorkstreamSpec("C", "Quality of education, health and care plans", COUNCIL, "Head of SEN"),
    WorkstreamSpec("D", "Joint commissioning and governance", JOINT, "Head of Joint Commissioning"),
    WorkstreamSpec("E", "Service provision", HEALTH, "CCG Director for Children and Young People"),
]

KENT_ACTIONS = [
    # Workstream A
    ActionSpec(
        "A",
        "Run an engagement programme with parents, carers and young people across the county, "
        "keeping regular contact with Kent PACT (Parents and Carers Together).",
        "Family Engagement Manager",
        COUNCIL,
        D(2019, 5, 1),
        D(2020, 12, 31),
        S.COMPLETE,
        "Participants and engagement activities each quarter; parent satisfaction.",
        weaknesses=(1, 2),
        criteria=("B1", "B4", "C19"),
        updates=(
            UpdateSpec(
                D(2020, 2, 28),
                "The engagement programme reached 1,209 participants between May 2019 and "
                "February 2020.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                KENT_REPORT,
                "Engagement moved online during lockdown and reached a further 59 "
                "participants: 1,286 participants over 91 engagement activities in all. Full "
                "engagement resumed when schools returned in September; a partnership working "
                "arrangement with Kent PACT and health is being agreed.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                D(2020, 12, 31),
                "Programme complete; engagement continues through the partnership working "
                "arrangement with Kent PACT.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "A",
        "Improve the Local Offer website: an online 'explore your options' tool, online "
        "requests for assessment and links to the council's service directory; create "
        "permanent posts to keep improving it.",
        "Family Engagement Manager",
        COUNCIL,
        D(2019, 9, 1),
        D(2020, 10, 31),
        S.COMPLETE,
        "Hits to the local offer; satisfaction measured by Govmetrics.",
        weaknesses=(3,),
        criteria=("B5", "C18"),
        updates=(
            UpdateSpec(
                D(2020, 10, 31),
                "New functions and content launched; the local offer links to over 4,000 "
                "service materials. A Family Engagement Manager, a local offer officer and an "
                "apprentice are in post. Hits are up over 20% since December 2019.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "A",
        "Co-produce a new SEND strategy and co-production charter with Kent PACT, young "
        "people and education settings, and consult on the draft.",
        "Head of SEN Strategy",
        COUNCIL,
        D(2020, 3, 1),
        D(2021, 3, 31),
        S.COMPLETE,
        "Strategy published after consultation; charter agreed with Kent PACT.",
        weaknesses=(2,),
        criteria=("B1", "C7"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Draft strategy written by a working group including Kent PACT. Consultation "
                "to open at the end of November and run to the end of January, with a "
                "communications plan to reach the whole Kent community.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                D(2021, 3, 31),
                "Consultation closed; strategy and charter agreed at the SEND Improvement Board.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "A",
        "Create a SEND Youth Participation Manager role to lead a participation and "
        "engagement plan with young people.",
        "Family Engagement Manager",
        COUNCIL,
        D(2020, 9, 1),
        D(2021, 4, 30),
        S.COMPLETE,
        "Post filled; young people's views recorded in each workstream.",
        weaknesses=(1, 2),
        criteria=("A15", "C19"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Role under development. Young people have produced their own personal "
                "profiles and helped design surveys for young people with SEND.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2021, 4, 30), "Youth Participation Manager in post.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "A",
        "Review every Stage 1 complaint for wider practice issues and respond better, so "
        "fewer complaints go to Stage 2.",
        "Head of SEN",
        COUNCIL,
        D(2019, 10, 1),
        D(2020, 12, 31),
        S.COMPLETE,
        "Complaints progressing to Stage 2, compared with Q1 2019.",
        weaknesses=(1,),
        criteria=("B4",),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "More Stage 1 complaints are upheld after closer scrutiny of case management; "
                "complaints progressing to Stage 2 have halved since Q1 2019.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                D(2020, 12, 31),
                "Review process embedded in the service's quality assurance.",
                S.COMPLETE,
            ),
        ),
    ),
    # Workstream B
    ActionSpec(
        "B",
        "Set up a County Education Reference Group to agree a Kent Schools System Inclusion "
        "Statement and review the Core Mainstream Standards (ordinarily available provision).",
        "Head of Inclusion",
        COUNCIL,
        D(2020, 3, 1),
        D(2020, 7, 31),
        S.COMPLETE,
        "Inclusion Statement agreed; Core Mainstream Standards reviewed.",
        weaknesses=(4,),
        criteria=("A14", "B6"),
        updates=(
            UpdateSpec(
                D(2020, 7, 31),
                "The reference group first met in July, agreed the Inclusion Statement and "
                "completed the first review of the Core Mainstream Standards.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "B",
        "Hold a system-wide discussion with all education providers on the Inclusion "
        "Statement, the Core Mainstream Standards, school-to-school support, an inclusion "
        "framework and an inclusion scorecard and dataset.",
        "Head of Inclusion",
        COUNCIL,
        D(2020, 9, 14),
        D(2020, 12, 18),
        S.COMPLETE,
        "Schools and early years providers taking part, from all phases.",
        weaknesses=(4, 5),
        criteria=("B6", "C3", "C4"),
        updates=(
            UpdateSpec(
                D(2020, 10, 30),
                "Over 145 schools took part in inclusion discussion events in October; Early "
                "Years Provider Association meetings also gave feedback.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                D(2020, 12, 18),
                "Discussion complete; feedback informs the next stage of the inclusion work.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "B",
        "Build inclusive leadership through school-to-school support: peer clusters, "
        "Inclusion Leaders of Education and an inclusive practice module in the NPQ "
        "qualifications.",
        "Head of Inclusion",
        COUNCIL,
        D(2020, 10, 1),
        D(2021, 9, 30),
        S.COMPLETE,
        "Clusters running; first Inclusion Leaders of Education designated.",
        weaknesses=(4,),
        criteria=("C3", "B6"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Strong support from schools. A request has gone to the DfE to fund "
                "curriculum design for the NPQ and ILE qualifications, co-produced with Whole "
                "School SEND, the EEF and the Education Development Trust.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2021, 9, 30), "Peer clusters running in every district.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "B",
        "Analyse the support offer to education settings and recommission to fill the gaps: "
        "assessing the progress of pupils with SEND, transition support and teaching "
        "strategies by type of need.",
        "Head of Inclusion",
        COUNCIL,
        D(2020, 6, 1),
        D(2021, 3, 31),
        S.COMPLETE,
        "Gaps in the support offer closed; settings' confidence in the offer.",
        weaknesses=(5,),
        criteria=("C1", "C4", "C16"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Analysis done; quality assurance and recommissioning under way.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2021, 3, 31), "Recommissioned support offer in place.", S.COMPLETE),
        ),
    ),
    # Workstream C
    ActionSpec(
        "C",
        "Commission an external organisation to clear the backlog of educational psychology "
        "assessments: reduce the waiting list from 412 (August 2020) to 17 by March 2021.",
        "Principal Educational Psychologist",
        COUNCIL,
        D(2020, 8, 1),
        D(2021, 3, 31),
        S.COMPLETE,
        "EP assessment waiting list at 17 or fewer by March 2021; an extra 70 assessments a "
        "month from October 2020; all EHC plans within statutory timescales by the end of "
        "March 2021.",
        weaknesses=(7,),
        criteria=("A6", "A13"),
        updates=(
            UpdateSpec(
                D(2020, 8, 31),
                "412 children and young people waiting for an EP assessment. External "
                "provider being commissioned.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                KENT_REPORT,
                "Plan in place and external capacity commissioned, expected to add 70 "
                "assessments a month from October. On course to bring the waiting list from "
                "412 to 17 by March 2021.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                D(2021, 3, 31),
                "Backlog cleared: the waiting list reached the target of 17.",
                S.COMPLETE,
            ),
        ),
        milestones=(
            MilestoneSpec("External EP provider commissioned", D(2020, 9, 30), D(2020, 9, 25)),
            MilestoneSpec(
                "An extra 70 assessments a month under way", D(2020, 10, 31), D(2020, 10, 30)
            ),
            MilestoneSpec("Waiting list down to 17", D(2021, 3, 31), D(2021, 3, 31)),
        ),
    ),
    ActionSpec(
        "C",
        "Introduce new EHC plan templates with a quality assurance framework and audit tool, "
        "train the service with health and social care, and recruit experienced plan writers.",
        "Head of SEN",
        COUNCIL,
        D(2020, 3, 1),
        D(2020, 10, 31),
        S.COMPLETE,
        "Share of audited plans judged good or better.",
        weaknesses=(6,),
        criteria=("B3", "A13", "C1"),
        updates=(
            UpdateSpec(
                D(2020, 10, 31),
                "Templates approved by the Steering Group and reviewed by the DfE; training "
                "rolled out with health and social care alongside the new QA framework and "
                "audit tool; experienced plan writers recruited.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "C",
        "Change the culture of the SEND service: twice-weekly training for the whole team on "
        "the legal requirements and on keeping the child or young person at the centre.",
        "Head of SEN",
        COUNCIL,
        D(2020, 3, 1),
        D(2020, 12, 31),
        S.COMPLETE,
        "Every team member trained; audit of statutory compliance.",
        weaknesses=(6, 7),
        criteria=("B3", "A6"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Training plan running since March; all SEND staff trained twice a week.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 12, 31), "Training programme complete.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "C",
        "Deliver every EHC plan within the 20-week statutory timescale by the end of March 2021.",
        "Head of SEN",
        COUNCIL,
        D(2020, 8, 1),
        D(2021, 3, 31),
        S.CLOSED,
        "Share of EHC plans issued within 20 weeks.",
        weaknesses=(7,),
        criteria=("A6",),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Depends on clearing the EP backlog; on course.",
                S.ON_TRACK,
            ),
            UpdateSpec(
                D(2021, 4, 30),
                "Closed: timeliness improved but is not yet sustained; carried forward as a "
                "standing action.",
                S.CLOSED,
            ),
        ),
    ),
    # Workstream D
    ActionSpec(
        "D",
        "Develop a joint commissioning framework between the NHS and the council, with an "
        "outcomes framework for all children and young people.",
        "Head of Joint Commissioning",
        JOINT,
        D(2019, 10, 1),
        D(2020, 7, 31),
        S.COMPLETE,
        "Framework approved; delivery plan formalises the arrangements.",
        weaknesses=(8,),
        criteria=("A10", "B2"),
        updates=(
            UpdateSpec(
                D(2020, 7, 31),
                "Framework approved by the Steering Group and the Improvement Board in July.",
                S.COMPLETE,
            ),
        ),
    ),
    ActionSpec(
        "D",
        "Put a joint governance process in place between the NHS and the council before "
        "December 2020.",
        "Head of Joint Commissioning",
        JOINT,
        D(2020, 7, 1),
        D(2020, 11, 30),
        S.COMPLETE,
        "Joint governance meeting and holding partners to account for outcomes.",
        weaknesses=(8,),
        criteria=("B2",),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Joint structure defined. The merger of the eight Kent and Medway CCGs and "
                "Covid redeployment left a gap in strategic leadership; a Director for "
                "children and young people has now been recruited.",
                S.AT_RISK,
            ),
            UpdateSpec(D(2020, 11, 30), "Joint governance process agreed.", S.COMPLETE),
        ),
        milestones=(
            MilestoneSpec("Joint structure defined", D(2020, 9, 30), D(2020, 10, 15)),
            MilestoneSpec("Joint governance in place", D(2020, 11, 30), D(2020, 11, 30)),
        ),
    ),
    ActionSpec(
        "D",
        "Run four pilot joint commissioning projects: a Joint Resource Allocation Panel, "
        "independent special school provision, speech and language therapy and the "
        "neurodevelopmental pathway.",
        "Head of Joint Commissioning",
        JOINT,
        D(2020, 7, 1),
        D(2021, 6, 30),
        S.COMPLETE,
        "Pilots evaluated through the joint governance process.",
        weaknesses=(8, 9),
        criteria=("C17", "C11b", "A10"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "All four pilots started; they will be monitored through the new joint "
                "governance process.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2021, 6, 30), "Pilots evaluated; two to be extended.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "D",
        "Refresh the SEND Health Needs Assessment to inform the SEND and inclusion strategies "
        "and commissioning plans.",
        "Consultant in Public Health",
        JOINT,
        D(2020, 1, 1),
        D(2020, 9, 30),
        S.COMPLETE,
        "Needs assessment published and used in commissioning plans.",
        weaknesses=(8,),
        criteria=("A10", "A17"),
        updates=(
            UpdateSpec(D(2020, 9, 30), "Published by Public Health in September 2020.", S.COMPLETE),
        ),
    ),
    # Workstream E
    ActionSpec(
        "E",
        "Develop a new neurodevelopmental pathway, giving everyone referred immediate access "
        "to support while they wait.",
        "CCG Director for Children and Young People",
        HEALTH,
        D(2019, 10, 1),
        D(2021, 3, 31),
        S.CLOSED,
        "Waiting times for neurodevelopmental assessment; families supported while waiting.",
        weaknesses=(9,),
        criteria=("C11a", "C17", "A1"),
        updates=(
            UpdateSpec(
                D(2020, 7, 31),
                "Most therapy staff redeployed to the Covid response until the end of July. "
                "Over 10,000 Kent ND handbooks sent to families on the waiting list and to all "
                "new referrals.",
                S.AT_RISK,
            ),
            UpdateSpec(
                KENT_REPORT,
                "A post-Covid SEND delivery plan resets timelines. Clinical leads in autism, "
                "mental health and specialist nursing appointed.",
                S.AT_RISK,
            ),
            UpdateSpec(
                D(2021, 4, 30),
                "Closed: carried into the health recovery plan with new timelines.",
                S.CLOSED,
            ),
        ),
    ),
    ActionSpec(
        "E",
        "Develop and implement a new model for speech, language and communication needs with "
        "the national expert, triaging everyone already using the service in the same way.",
        "CCG Director for Children and Young People",
        HEALTH,
        D(2020, 1, 1),
        D(2021, 6, 30),
        S.COMPLETE,
        "New SLCN model agreed; equal access to triage and assessment.",
        weaknesses=(9,),
        criteria=("C11a", "C17"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Professional leads from providers identified; parent representatives sit on "
                "the steering group. Children using SLCN services are being triaged, "
                "prioritised and assessed in a standard way.",
                S.AT_RISK,
            ),
            UpdateSpec(D(2021, 6, 30), "New SLCN model agreed.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "E",
        "Recruit special school nurses in three phases so that every special school has "
        "nursing staff by April 2021.",
        "Head of Children's Community Nursing",
        HEALTH,
        D(2020, 4, 1),
        D(2021, 4, 30),
        S.COMPLETE,
        "Every special school with nursing staff.",
        weaknesses=(9,),
        criteria=("C11a", "C17"),
        updates=(
            UpdateSpec(KENT_REPORT, "Recruitment under way in three phases.", S.ON_TRACK),
            UpdateSpec(D(2021, 4, 30), "All special schools staffed.", S.COMPLETE),
        ),
        milestones=(
            MilestoneSpec("Phase 1 schools staffed", D(2020, 12, 31), D(2020, 12, 18)),
            MilestoneSpec("Phase 2 schools staffed", D(2021, 2, 28), D(2021, 3, 5)),
            MilestoneSpec("Phase 3 schools staffed", D(2021, 4, 30), D(2021, 4, 30)),
        ),
    ),
    ActionSpec(
        "E",
        "Share information between health visiting and early years ('tell it once') and "
        "survey the workforce on the proposed targeted model.",
        "Head of Health Visiting",
        HEALTH,
        D(2020, 3, 1),
        D(2020, 12, 31),
        S.COMPLETE,
        "Baseline and follow-up survey of the workforce.",
        weaknesses=(9,),
        criteria=("A5", "C12"),
        updates=(
            UpdateSpec(
                KENT_REPORT,
                "Information sharing rolling out since March 2020; a workforce survey collects "
                "baseline data for the evaluation.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 12, 31), "Rolled out across the county.", S.COMPLETE),
        ),
    ),
]


def _kent_current_actions(today: dt.date) -> list[ActionSpec]:
    """Invented live work, dated from `today`: three current actions and one overdue."""

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    return [
        ActionSpec(
            "A",
            "Co-produce this year's local offer plan and marketing plan with Kent PACT.",
            "Family Engagement Manager",
            COUNCIL,
            days(-90),
            days(60),
            S.ON_TRACK,
            "Plan agreed with Kent PACT; local offer use and satisfaction each quarter.",
            weaknesses=(3,),
            criteria=("B5", "C18"),
            updates=(
                UpdateSpec(days(-60), "Draft plan shared with Kent PACT.", S.ON_TRACK),
                UpdateSpec(
                    days(-14), "PACT feedback taken in; plan goes to the board next.", S.ON_TRACK
                ),
            ),
            milestones=(
                MilestoneSpec("Draft shared with Kent PACT", days(-60), days(-60)),
                MilestoneSpec("Plan agreed at the SEND Improvement Board", days(45)),
            ),
        ),
        ActionSpec(
            "C",
            "Sustain 20-week timeliness: track every assessment at risk of missing the "
            "deadline each week and report monthly to the SEND Improvement Board.",
            "Head of SEN",
            COUNCIL,
            days(-120),
            days(90),
            S.AT_RISK,
            "EHC plans issued within 20 weeks, month by month, at or above the England rate.",
            weaknesses=(7,),
            criteria=("A6", "A13"),
            updates=(
                UpdateSpec(days(-90), "Weekly tracking started.", S.ON_TRACK),
                UpdateSpec(
                    days(-21),
                    "Requests for assessment up on last year; two plan writer vacancies. "
                    "Timeliness dipped this month.",
                    S.AT_RISK,
                ),
            ),
        ),
        ActionSpec(
            "E",
            "Offer support while waiting and triage every new referral to the "
            "neurodevelopmental pathway within six weeks, with the ICB.",
            "ICB Head of Children's Commissioning",
            HEALTH,
            days(-150),
            days(120),
            S.ON_TRACK,
            "Referrals triaged within six weeks; families' feedback on support while waiting.",
            weaknesses=(9,),
            criteria=("C11a", "C12"),
            updates=(
                UpdateSpec(
                    days(-30), "Triage within six weeks for most new referrals.", S.ON_TRACK
                ),
            ),
        ),
        ActionSpec(
            "D",
            "Agree a joint outcomes dashboard with the ICB and report it to the SEND "
            "Improvement Board.",
            "Head of Joint Commissioning",
            JOINT,
            days(-180),
            days(-21),
            S.OFF_TRACK,
            "Dashboard agreed and reported each quarter.",
            weaknesses=(8,),
            criteria=("A10", "B2", "A18"),
            updates=(
                UpdateSpec(
                    days(-35),
                    "Data sharing agreement with the ICB not yet signed; the dashboard will "
                    "miss its date.",
                    S.OFF_TRACK,
                ),
            ),
        ),
    ]


# ---------------------------------------------------------------------------------------
# Bradford (seed 002, report to the Executive of 7 January 2020).

BRADFORD_REPORT = D(2020, 1, 7)

BRADFORD_PLAN: dict[str, Any] = {
    "title": "SEND partnership action plan 2019/20",
    "kind": ImprovementPlan.Kind.IMPROVEMENT_PLAN,
    "starts_on": D(2019, 1, 1),  # the Board's new terms of reference, January 2019
    "ends_on": D(2020, 7, 31),
    "status": ImprovementPlan.Status.CLOSED,
    "governance": "SEND Strategic Partnership Board",
}

# The seed names the four workstreams but not who leads them: the lead partners and
# officers are our choice.
BRADFORD_WORKSTREAMS = [
    WorkstreamSpec("1", "Co-Production and Engagement", JOINT, "SEND Engagement Lead"),
    WorkstreamSpec("2", "Preparation for Adulthood", COUNCIL, "Preparing for Adulthood Manager"),
    WorkstreamSpec(
        "3", "Integrated Assessment and Compliance", COUNCIL, "Head of Integrated Assessment"
    ),
    WorkstreamSpec("4", "Joint Commissioning", JOINT, "Joint Commissioning Manager"),
]

BRADFORD_ACTIONS = [
    # Local authority areas for development
    ActionSpec(
        "3",
        "Raise EHC plan compliance with the 20-week timescale: clear the historic backlog and "
        "use caseload and performance management across the 0 to 25 service.",
        "Head of Integrated Assessment",
        COUNCIL,
        D(2019, 1, 1),
        D(2020, 3, 31),
        S.CLOSED,
        "20-week compliance up from 28% (2018) towards the national average of 58% and the "
        "Yorkshire and Humber average of 59.8%.",
        criteria=("A6", "A13"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "Compliance improving at around 40%, held down by historic cases already "
                "outside 20 weeks. An extra team since June 2019 has cut the backlog to under "
                "200 cases.",
                S.AT_RISK,
            ),
            UpdateSpec(
                D(2020, 4, 30),
                "Closed at the end of the plan; timeliness carried into the next plan.",
                S.CLOSED,
            ),
        ),
    ),
    ActionSpec(
        "3",
        "Move pupil data from separate systems into the main case management system (Capita) "
        "to improve SEND data and reporting.",
        "SEND Transformation and Compliance Manager",
        COUNCIL,
        D(2019, 6, 1),
        D(2020, 3, 31),
        S.COMPLETE,
        "One system of record; data dashboard drawn from it.",
        criteria=("A18", "A8"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "Priority work continues, supported across the wider council.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 3, 31), "Data transfer complete.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "4",
        "Set up and embed processes to manage and monitor out-of-district placements: "
        "attendance, future provision projections, individual funding agreements and "
        "contracts.",
        "Head of Integrated Assessment",
        COUNCIL,
        D(2019, 9, 1),
        D(2020, 6, 30),
        S.COMPLETE,
        "Every out-of-district placement with a funding agreement and contract.",
        criteria=("C15", "C11b"),
        updates=(
            UpdateSpec(BRADFORD_REPORT, "Processes being designed.", S.ON_TRACK),
            UpdateSpec(D(2020, 6, 30), "Processes in use.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "3",
        "Hold every annual review within the 12-month timeframe.",
        "Head of Integrated Assessment",
        COUNCIL,
        D(2019, 9, 1),
        D(2020, 7, 31),
        S.CLOSED,
        "Annual reviews held within 12 months.",
        criteria=("C6",),
        updates=(
            UpdateSpec(BRADFORD_REPORT, "Not yet consistent.", S.AT_RISK),
            UpdateSpec(D(2020, 7, 31), "Closed; carried into the next plan.", S.CLOSED),
        ),
    ),
    # Health (CCGs) areas for development
    ActionSpec(
        "3",
        "Put a Designated Clinical Officer in post alongside the Designated Medical Officers, "
        "to oversee the quality and timeliness of health advice in EHC plans.",
        "CCG Head of Children's Commissioning",
        HEALTH,
        D(2019, 9, 1),
        D(2020, 2, 29),
        S.COMPLETE,
        "DCO attends the EHC panel weekly as the health representative.",
        criteria=("B3", "B2"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "DCO appointed in November 2019 and starts in January 2020; will attend the "
                "EHC panel each week.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 2, 28), "DCO in post and attending panel.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "4",
        "Cut waiting times for specialist services, including CAMHS and autism assessment, to "
        "comply with NICE guidelines.",
        "CCG Head of Children's Commissioning",
        HEALTH,
        D(2019, 4, 1),
        D(2020, 7, 31),
        S.CLOSED,
        "Waiting times within NICE guidelines.",
        criteria=("C11a", "C17", "A1"),
        updates=(
            UpdateSpec(BRADFORD_REPORT, "Waiting times still too long.", S.OFF_TRACK),
            UpdateSpec(D(2020, 7, 31), "Closed; carried into the next plan.", S.CLOSED),
        ),
    ),
    ActionSpec(
        "3",
        "Monitor the health of children and young people with SEND and share data regularly "
        "for performance and needs analysis.",
        "Designated Clinical Officer",
        HEALTH,
        D(2020, 1, 1),
        D(2020, 6, 30),
        S.COMPLETE,
        "Health data in the SEND data dashboard each month.",
        criteria=("A10", "A18"),
        updates=(
            UpdateSpec(BRADFORD_REPORT, "Not yet in place.", S.NOT_STARTED),
            UpdateSpec(D(2020, 6, 30), "Health data in the monthly dashboard.", S.COMPLETE),
        ),
    ),
    # Areas for the partners to address jointly
    ActionSpec(
        "3",
        "Speed up the flow of information between education and health so that plans are "
        "completed within 20 weeks.",
        "Designated Clinical Officer",
        JOINT,
        D(2019, 9, 1),
        D(2020, 3, 31),
        S.COMPLETE,
        "Health advice returned within six weeks.",
        criteria=("A6", "B2"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "Health single point of contact inbox running since September 2019; revised "
                "20-week process agreed with health.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 3, 31), "Health advice returned on time.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "3",
        "Improve the quality of EHC plans through joint quality assurance workshops with "
        "health and social care and partnership work with North Yorkshire County Council.",
        "Head of Integrated Assessment",
        JOINT,
        D(2019, 6, 1),
        D(2020, 6, 30),
        S.COMPLETE,
        "Audited plans judged good or outstanding.",
        criteria=("B3", "C1"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "Quality assurance review group set up with health and social care; "
                "experienced plan writers in place.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 6, 30), "Joint workshops held each quarter.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "4",
        "Deliver the SEND Joint Commissioning Strategy and show strategic joint commissioning "
        "as the SEND Code of Practice describes.",
        "Joint Commissioning Manager",
        JOINT,
        D(2019, 4, 1),
        D(2020, 7, 31),
        S.CLOSED,
        "Services jointly commissioned beyond the behaviour projects.",
        criteria=("A10", "B2", "C17"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "One-year strategy and action plan approved by the Board; some behaviour "
                "projects jointly commissioned.",
                S.AT_RISK,
            ),
            UpdateSpec(D(2020, 7, 31), "Closed; carried into the next plan.", S.CLOSED),
        ),
    ),
    ActionSpec(
        "4",
        "Jointly commission the new SENDIASS (information, advice and support service) for "
        "April 2020.",
        "Joint Commissioning Manager",
        JOINT,
        D(2019, 9, 1),
        D(2020, 4, 1),
        S.COMPLETE,
        "New service running from April 2020.",
        criteria=("C18", "C17"),
        updates=(
            UpdateSpec(BRADFORD_REPORT, "The CCGs have committed to it.", S.ON_TRACK),
            UpdateSpec(D(2020, 4, 1), "New SENDIASS contract started.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "4",
        "Review speech and language services with a view to joint commissioning by the "
        "council and the CCGs.",
        "Joint Commissioning Manager",
        JOINT,
        D(2020, 1, 1),
        D(2020, 7, 31),
        S.COMPLETE,
        "Review reported to the Board with options.",
        criteria=("C17", "C11a"),
        updates=(UpdateSpec(D(2020, 7, 31), "Review reported to the Board.", S.COMPLETE),),
    ),
    ActionSpec(
        "1",
        "Review personal budgets and personal health budgets across education, health and "
        "social care.",
        "SEND Engagement Lead",
        JOINT,
        D(2020, 1, 1),
        D(2020, 7, 31),
        S.COMPLETE,
        "One process for personal budgets, explained on the Local Offer.",
        criteria=("C13",),
        updates=(UpdateSpec(D(2020, 7, 31), "Review complete.", S.COMPLETE),),
    ),
    ActionSpec(
        "1",
        "Hold parents' listening events every month from January to June 2020 and publish "
        "'You said, we did' on the Local Offer.",
        "SEND Engagement Lead",
        JOINT,
        D(2019, 6, 1),
        D(2020, 6, 30),
        S.COMPLETE,
        "Parents attending; changes made in response.",
        criteria=("B1", "B4", "C19"),
        updates=(
            UpdateSpec(
                BRADFORD_REPORT,
                "187 parents came in June 2019; further events on 17 October and 20 and 26 "
                "November 2019.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2020, 6, 30), "Monthly events held to June.", S.COMPLETE),
        ),
    ),
    # The seed says nothing about this workstream's work: invented.
    ActionSpec(
        "2",
        "Agree a preparing-for-adulthood protocol between children's and adult services, "
        "starting from Year 9 reviews.",
        "Preparing for Adulthood Manager",
        COUNCIL,
        D(2019, 9, 1),
        D(2020, 6, 30),
        S.COMPLETE,
        "Year 9 reviews with a preparing-for-adulthood section.",
        criteria=("C16", "A7", "C8"),
        updates=(
            UpdateSpec(BRADFORD_REPORT, "Draft protocol with adult services.", S.ON_TRACK),
            UpdateSpec(D(2020, 6, 30), "Protocol agreed.", S.COMPLETE),
        ),
    ),
]


# ---------------------------------------------------------------------------------------
# Sunderland (seed 004, section 4 "Progress to date", March 2018).

SUNDERLAND_PAPER = D(2018, 3, 31)

SUNDERLAND_PLAN: dict[str, Any] = {
    "title": "SEND inspection readiness plan 2018",
    "kind": ImprovementPlan.Kind.SELF_DIRECTED,
    "starts_on": D(2018, 1, 1),
    "ends_on": D(2018, 12, 31),
    "status": ImprovementPlan.Status.CLOSED,
    "governance": "SEND Strategic Group",
}

SUNDERLAND_WORKSTREAMS = [
    WorkstreamSpec(
        "1", "Identification and assessment", JOINT, "Vulnerable Children Service Manager"
    ),
    WorkstreamSpec(
        "2", "Joint commissioning and strategic planning", JOINT, "Head of Commissioning"
    ),
]

SUNDERLAND_ACTIONS = [
    ActionSpec(
        "1",
        "Agree joint working protocols with health and social care for setting baselines, "
        "including therapy needs, alongside the baselines education settings set.",
        "Vulnerable Children Service Manager",
        JOINT,
        D(2018, 2, 1),
        D(2018, 7, 31),
        S.COMPLETE,
        "A baseline for education, health and care needs in every new EHC plan.",
        criteria=("A9",),
        updates=(
            UpdateSpec(
                SUNDERLAND_PAPER,
                "Education settings have set baseline targets. Social care support needs "
                "further thought; therapy needs under discussion with health. Joint working "
                "protocols are still the challenge.",
                S.AT_RISK,
            ),
            UpdateSpec(D(2018, 7, 31), "Joint baseline protocol agreed with health.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "1",
        "Make a child in need assessment part of every EHC needs assessment and find the "
        "social worker capacity to respond to requests.",
        "Head of Children's Social Care",
        COUNCIL,
        D(2018, 2, 1),
        D(2018, 9, 30),
        S.COMPLETE,
        "Social care advice returned on time for every EHC needs assessment.",
        criteria=("A4", "A9"),
        updates=(
            UpdateSpec(
                SUNDERLAND_PAPER,
                "Children's social care accepts the need for a CIN assessment as part of the "
                "process; social worker capacity limits responsiveness.",
                S.AT_RISK,
            ),
            UpdateSpec(D(2018, 9, 30), "Process agreed and staffed.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "1",
        "Review transitions protocols with adult services and train all staff on their "
        "responsibilities.",
        "Vulnerable Children Service Manager",
        COUNCIL,
        D(2018, 3, 1),
        D(2018, 10, 31),
        S.COMPLETE,
        "Protocol agreed; staff trained.",
        criteria=("A4", "C16"),
        updates=(
            UpdateSpec(SUNDERLAND_PAPER, "Review started.", S.ON_TRACK),
            UpdateSpec(D(2018, 10, 31), "Protocol agreed and training done.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "2",
        "Co-ordinate the JSNA for SEND from the school census analysis, the public health "
        "needs analysis and the CCG's analysis, so that needs assessments inform strategic "
        "planning.",
        "Public Health Lead",
        JOINT,
        D(2018, 1, 15),
        D(2018, 9, 30),
        S.COMPLETE,
        "JSNA chapter used in commissioning decisions.",
        criteria=("A10", "B2"),
        updates=(
            UpdateSpec(
                SUNDERLAND_PAPER,
                "SEND analysis from school census data and a public health needs analysis "
                "done; waiting for the CCG's analysis. Commissioning process agreed between "
                "education, social care, public health and the CCG.",
                S.ON_TRACK,
            ),
            UpdateSpec(D(2018, 9, 30), "JSNA chapter published.", S.COMPLETE),
        ),
    ),
    ActionSpec(
        "2",
        "Agree a data sharing protocol between health and education and social care, so that "
        "identification leads to sound commissioning.",
        "CCG Head of Children's Commissioning",
        JOINT,
        D(2018, 3, 1),
        D(2018, 11, 30),
        S.COMPLETE,
        "Protocol signed by every partner.",
        criteria=("A10", "B2", "A9"),
        updates=(
            UpdateSpec(SUNDERLAND_PAPER, "Drafting with partners.", S.ON_TRACK),
            UpdateSpec(D(2018, 11, 30), "Protocol signed.", S.COMPLETE),
        ),
    ),
]


# ---------------------------------------------------------------------------------------


@transaction.atomic
def demo_actions_load(*, today: dt.date | None = None) -> dict[str, int]:
    """Create (or leave as they are) the demo inspections, plans, actions and progress.

    Needs the demo areas and users from `sendready.demo.areas_demo.demo_load`; an area that is missing
    is skipped. Returns how many demo rows exist afterwards."""
    today = today or dt.date.today()
    areas = {area.slug: area for area in LocalArea.objects.filter(is_demo=True)}
    if "kent" in areas:
        _load_kent(areas["kent"], today)
    if "bradford" in areas:
        area = areas["bradford"]
        _load_plan(area, BRADFORD_PLAN, BRADFORD_WORKSTREAMS, BRADFORD_ACTIONS)
    if "sunderland" in areas:
        area = areas["sunderland"]
        _load_plan(area, SUNDERLAND_PLAN, SUNDERLAND_WORKSTREAMS, SUNDERLAND_ACTIONS)
    return {
        "inspections": Inspection.objects.filter(is_demo=True).count(),
        "findings": Finding.objects.filter(is_demo=True).count(),
        "plans": ImprovementPlan.objects.filter(is_demo=True).count(),
        "workstreams": Workstream.objects.filter(plan__is_demo=True).count(),
        "actions": Action.objects.filter(is_demo=True).count(),
        "milestones": Milestone.objects.filter(action__is_demo=True).count(),
        "updates": ProgressUpdate.objects.filter(is_demo=True).count(),
    }


def _load_kent(area: LocalArea, today: dt.date) -> None:
    inspection = Inspection.objects.filter(
        area=area, kind=KENT_INSPECTION["kind"], started_on=KENT_INSPECTION["started_on"]
    ).first()
    if inspection is None:
        inspection = _saved(
            Inspection(area=area, framework=area.framework, is_demo=True, **KENT_INSPECTION)
        )
    findings = {finding.number: finding for finding in inspection.findings.all()}
    if not findings:
        for number, text, codes in KENT_WEAKNESSES:
            finding = _saved(
                Finding(
                    inspection=inspection,
                    kind=Finding.Kind.SIGNIFICANT_WEAKNESS,
                    number=number,
                    text=text,
                    is_demo=True,
                )
            )
            finding.criteria.set(_criteria(area, codes))
            findings[number] = finding
    current = _kent_current_actions(today)
    # The plan began as an 18-month WSoA to March 2021; the demo keeps it open (as if
    # extended) to the 31 March after its live actions fall due, so it holds current work.
    latest = max(spec.due_on for spec in current)
    ends_on = max(KENT_PLAN_FIRST_END, D(latest.year + (latest.month > 3), 3, 31))
    plan = {**KENT_PLAN, "ends_on": ends_on, "inspection": inspection}
    _load_plan(area, plan, KENT_WORKSTREAMS, KENT_ACTIONS + current, findings)


def _load_plan(
    area: LocalArea,
    plan_data: dict,
    workstreams: list[WorkstreamSpec],
    actions: list[ActionSpec],
    findings: dict[int, Finding] | None = None,
) -> ImprovementPlan:
    """The area's demo plan with this title, created with everything in it if it is new."""
    existing = ImprovementPlan.objects.filter(area=area, title=plan_data["title"]).first()
    if existing is not None:
        return existing
    plan = _saved(ImprovementPlan(area=area, is_demo=True, **plan_data))
    by_code = {
        spec.code: _saved(
            Workstream(
                plan=plan,
                code=spec.code,
                title=spec.title,
                lead_partner=spec.lead_partner,
                lead_officer=spec.lead_officer,
            )
        )
        for spec in workstreams
    }
    recorded_by = get_user_model().objects.filter(username=f"{area.slug}-officer").first()
    for spec in actions:
        _check_updates(spec)
        action = _saved(
            Action(
                workstream=by_code[spec.workstream],
                description=spec.description,
                owner=spec.owner,
                partner=spec.partner,
                starts_on=spec.starts_on,
                due_on=spec.due_on,
                status=spec.status,
                success_measure=spec.success_measure,
                is_demo=True,
            )
        )
        action.weaknesses.set([(findings or {})[number] for number in spec.weaknesses])
        action.criteria.set(_criteria(area, spec.criteria))
        for milestone in spec.milestones:
            _saved(
                Milestone(
                    action=action,
                    title=milestone.title,
                    due_on=milestone.due_on,
                    done_on=milestone.done_on,
                )
            )
        for update in spec.updates:
            _saved(
                ProgressUpdate(
                    action=action,
                    date=update.date,
                    text=update.text,
                    status_after=update.status_after,
                    recorded_by=recorded_by,
                    is_demo=True,
                ),
                exclude=["recorded_by"] if recorded_by is None else None,
            )
    return plan


def _check_updates(spec: ActionSpec) -> None:
    """An action takes the status of its latest update (as `progress_add` does)."""
    dates = [update.date for update in spec.updates]
    if len(set(dates)) != len(dates) or dates != sorted(dates):
        raise ValueError(f"Demo updates out of order or on the same day: {spec.description}")
    if spec.updates and spec.updates[-1].status_after != spec.status:
        raise ValueError(f"Demo action status differs from its last update: {spec.description}")


def _criteria(area: LocalArea, codes: tuple[str, ...]) -> list[Criterion]:
    found = {c.code: c for c in Criterion.objects.filter(framework=area.framework, code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValueError(f"Criteria not in {area.framework}: {', '.join(missing)}")
    return [found[code] for code in codes]


def _saved(instance, exclude: list[str] | None = None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance
