"""Controlled lists of the model.

Each enum is the model side of one SKOS concept scheme in ``ontology/concepts.ttl``: the
enum's values are the concepts' local names, the labels (sv/en) and definitions live in the
ontology only. ``tests/model/test_ontology_agreement.py`` fails when the two drift apart.
"""

from __future__ import annotations

from enum import StrEnum

from tmb_graph.model.dates import Precision


class OrgType(StrEnum):
    """Kind of organisation."""

    government = "government"
    state_agency = "state_agency"
    agency_unit = "agency_unit"
    region = "region"
    municipality = "municipality"
    municipal_unit = "municipal_unit"
    municipal_association = "municipal_association"
    business_association = "business_association"
    university = "university"
    foundation = "foundation"
    civil_society = "civil_society"
    foreign_public_body = "foreign_public_body"
    research_organisation = "research_organisation"
    #: the source names the organisation without saying what kind it is (e.g. Skånetrafiken)
    unspecified = "unspecified"


class BodyKind(StrEnum):
    """Kind of body (an ``org:Organization`` made of several organisations)."""

    programme = "programme"
    steering_group = "steering_group"
    startup_group = "startup_group"
    work_group = "work_group"
    project_group = "project_group"
    collaboration_forum = "collaboration_forum"
    network = "network"
    national_work_group = "national_work_group"
    project = "project"
    commissioner = "commissioner"


class AuthorityType(StrEnum):
    """What a role entitles its holder to do."""

    decision = "decision"
    executive = "executive"
    administrative = "administrative"
    representation = "representation"
    advisory = "advisory"
    contracted = "contracted"


class RoleType(StrEnum):
    """Role (mandate) of a seat in a body; each has one :class:`AuthorityType` in the ontology."""

    chair = "chair"
    steering_member = "steering_member"
    process_leader = "process_leader"
    convener = "convener"
    representative = "representative"
    startup_member = "startup_member"
    adviser = "adviser"
    participant = "participant"
    evaluator = "evaluator"
    contractor = "contractor"
    # roles of the ideal-type project organisation (§3.4), used by the reference model only
    commissioner = "commissioner"
    project_leader = "project_leader"
    project_group_member = "project_group_member"
    work_group_member = "work_group_member"


class ActivityType(StrEnum):
    """What kind of activity (or deliverable) a work group planned."""

    seminar = "seminar"
    conference = "conference"
    network_meeting = "network_meeting"
    training = "training"
    site_visit = "site_visit"
    study_visit = "study_visit"
    advisory_support = "advisory_support"
    campaign = "campaign"
    folder = "folder"
    web_portal = "web_portal"
    checklist = "checklist"
    template = "template"
    method_support = "method_support"
    survey = "survey"
    inventory = "inventory"
    evaluation = "evaluation"
    liaison = "liaison"
    gender_mainstreaming = "gender_mainstreaming"
    pilot = "pilot"
    workshop = "workshop"
    meeting = "meeting"
    grant = "grant"


class ActivityStatus(StrEnum):
    """Whether an activity took place."""

    planned = "planned"
    performed = "performed"
    partly_performed = "partly_performed"
    postponed = "postponed"
    cancelled = "cancelled"
    not_performed = "not_performed"


#: statuses of activities that took place (modelled as ``prov:Activity``); the rest are plans.
HAPPENED: frozenset[ActivityStatus] = frozenset({ActivityStatus.performed, ActivityStatus.partly_performed})


class Reason(StrEnum):
    """Why an activity was postponed, cancelled, changed or not performed."""

    covid19 = "covid19"
    national_assignment = "national_assignment"
    partner_internal_review = "partner_internal_review"
    awaiting_national_decision = "awaiting_national_decision"
    methodological_limits = "methodological_limits"
    delayed_delivery = "delayed_delivery"
    content_not_fitted = "content_not_fitted"
    recipient_declined = "recipient_declined"
    recipient_priorities = "recipient_priorities"
    organiser_withdrew = "organiser_withdrew"
    group_priorities = "group_priorities"


class ActivityRole(StrEnum):
    """Role of an agent in an activity (``prov:qualifiedAssociation``)."""

    organiser = "organiser"
    co_organiser = "co_organiser"
    lead = "lead"
    speaker = "speaker"
    contractor = "contractor"
    funder = "funder"
    host = "host"
    sender = "sender"
    partner = "partner"
    grantee = "grantee"
    author = "author"


class Involvement(StrEnum):
    """How far a recipient shaped the activities that reached it (§5, question 4)."""

    co_creator = "co_creator"
    participant = "participant"
    passive_recipient = "passive_recipient"
    unknown = "unknown"


class GoalType(StrEnum):
    """Result goal (resultatmål) or process goal (processmål)."""

    result = "result"
    process = "process"


class GoalAssessment(StrEnum):
    """The evaluation's verdict on a goal."""

    fulfilled = "fulfilled"
    largely_fulfilled = "largely_fulfilled"
    partly_fulfilled = "partly_fulfilled"
    not_fulfilled = "not_fulfilled"
    not_assessable = "not_assessable"


class GoalClarity(StrEnum):
    """The goal analysis (målanalys): was the goal unambiguous and measurable?"""

    clear = "clear"
    ambiguous = "ambiguous"


class TriState(StrEnum):
    """Yes / partly / no / not stated — for allocated time, anchoring and mandates of a seat."""

    yes = "yes"
    partly = "partly"
    no = "no"
    unknown = "unknown"


class TargetKind(StrEnum):
    """Kind of target group / recipient that is not a single organisation."""

    professional_group = "professional_group"
    organisation_set = "organisation_set"
    public = "public"


class ObservationKind(StrEnum):
    """Kind of structural finding the source records about bodies and organisations."""

    geographic_mismatch = "geographic_mismatch"
    unclear_representation = "unclear_representation"
    missing_representation = "missing_representation"
    partner_withdrawal = "partner_withdrawal"
    undefined_mandate = "undefined_mandate"
    ideal_type_deviation = "ideal_type_deviation"
    working_order = "working_order"
    de_facto_leadership = "de_facto_leadership"
    programme_context = "programme_context"
    ambiguous_wording = "ambiguous_wording"


class ManagerLevel(StrEnum):
    """How high in its organisation's line a person's position stands, as the source describes it."""

    head_of_organisation = "head_of_organisation"
    deputy_head = "deputy_head"
    line_manager = "line_manager"
    unknown = "unknown"


#: every controlled list, keyed by the concept scheme's local name in ``ontology/concepts.ttl``.
SCHEMES: dict[str, type[StrEnum]] = {
    "OrgType": OrgType,
    "BodyKind": BodyKind,
    "AuthorityType": AuthorityType,
    "RoleType": RoleType,
    "ActivityType": ActivityType,
    "ActivityStatus": ActivityStatus,
    "Reason": Reason,
    "ActivityRole": ActivityRole,
    "Involvement": Involvement,
    "GoalType": GoalType,
    "GoalAssessment": GoalAssessment,
    "GoalClarity": GoalClarity,
    "TriState": TriState,
    "TargetKind": TargetKind,
    "ObservationKind": ObservationKind,
    "ManagerLevel": ManagerLevel,
    "Precision": Precision,
}
