"""The records of a dataset: pydantic models that *are* the schema of ``data/``.

One YAML file may hold any of the top-level lists named in :data:`SECTIONS_OF_FILE`;
:mod:`tmb_graph.model.loader` merges all files of a programme folder into one
:class:`Dataset`. Every fact-bearing record carries a :class:`Source` (the section of the
evaluation it rests on, an optional verbatim evidence snippet, and whether the link is
stated or inferred).

Cross-record rules (no dangling ids, no end before start ...) live in
:mod:`tmb_graph.validate.rules`; the models only check what one record can check alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator, model_validator

from tmb_graph.model.dates import FuzzyDate
from tmb_graph.model.enums import (
    ActivityRole,
    ActivityStatus,
    ActivityType,
    BodyKind,
    GoalAssessment,
    GoalClarity,
    GoalType,
    Involvement,
    ManagerLevel,
    ObservationKind,
    OrgType,
    Reason,
    RoleType,
    TargetKind,
    TriState,
)

#: a record id: lower-case words joined by hyphens, e.g. ``wg-est``, ``m-kfsk-vu-est``
Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
#: a section of the source: ``4.1.1``, ``5``, or ``foreword``
SectionRef = Annotated[str, Field(pattern=r"^(?:[0-9]+(?:\.[0-9]+)*|foreword)$", max_length=40)]
#: the data namespace: an absolute http(s) IRI ending in ``/`` or ``#``, record ids are appended
Namespace = Annotated[str, Field(pattern=r"^https?://[^\s<>\"{}|\\^`]+[/#]$", max_length=400)]
#: a file name in the sources folder, never a path (``../x`` or ``/etc/x`` would read elsewhere)
FileName = Annotated[str, Field(pattern=r"^[^./\\][^/\\]*$", max_length=255)]

MAX_EVIDENCE_WORDS = 25


def _to_date(value: Any) -> Any:
    # YAML turns 2020 into an int and 2018-05-30 into a date: accept both as text.
    if value is None or isinstance(value, FuzzyDate):
        return value
    return FuzzyDate.parse(str(value))


Date = Annotated[FuzzyDate, BeforeValidator(_to_date), PlainSerializer(str, return_type=str)]


class Strict(BaseModel):
    """Base: unknown fields are errors (a typo must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Source(Strict):
    """Where a fact comes from.

    Parameters
    ----------
    section : str
        Section number of the evaluation (``4.1.1``), ``foreword`` for the preface.
    evidence : str, optional
        A verbatim snippet of the source (one line, at most 25 words); checked against the
        source text by ``tmb validate`` when ``../shared/sources/`` is present.
    inferred : bool
        True when the link is our reading rather than stated by the source.
    note : str, optional
        The reading chosen where the source is ambiguous.
    footnote : int, optional
        Footnote number, when the fact stands in a footnote.
    """

    section: SectionRef
    evidence: str | None = None
    inferred: bool = False
    note: str | None = None
    footnote: int | None = Field(default=None, ge=1)

    @field_validator("evidence")
    @classmethod
    def _short(cls, v: str | None) -> str | None:
        if v is not None:
            if "\n" in v:
                raise ValueError("evidence must be one line of the source")
            if len(v.split()) > MAX_EVIDENCE_WORDS:
                raise ValueError(f"evidence has more than {MAX_EVIDENCE_WORDS} words")
        return v


class Record(Strict):
    """A fact-bearing record: a stable id and its provenance."""

    id: Id
    source: Source
    see_also: list[SectionRef] = Field(default_factory=list)

    def sources(self) -> Iterator[tuple[str, Source]]:
        """``(field path, source)`` for the record's own source and every source nested in it
        (a goal's verdict, an activity's status, a body's readings), so the evidence checks reach
        them all.

        Examples
        --------
        >>> [path for path, _ in goal.sources()]          # doctest: +SKIP
        ['source', 'assessment_source']
        """
        yield "source", self.source
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name != "source" and isinstance(value, Source):
                yield name, value
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, LinkReading):
                        yield f"{name}[{i}].source", item.source


class LinkReading(Strict):
    """A link of a body that is the dataset's reading rather than stated by the source.

    The link itself stays in its field (``members``, ``convener``, ``signatories``); this record
    says that it is a reading, why (``source.note``, required) and where. In RDF it becomes an
    ``rdf:Statement`` about the triple with ``tmb:inferred true``; in the property graph the
    relationship carries ``inferred: true`` and the note.

    Examples
    --------
    >>> LinkReading(link="members", target="org-b", source={"section": "1", "note": "our reading"}).link
    'members'
    """

    link: Literal["members", "convener", "signatories"]
    target: Id
    source: Source

    @field_validator("source")
    @classmethod
    def _says_why(cls, v: Source) -> Source:
        if not v.note:
            raise ValueError("a reading needs source.note saying why the link is our reading")
        return v


class Section(Strict):
    """A numbered section of the source document."""

    id: SectionRef
    title: str
    title_en: str | None = None


class Document(Strict):
    """The source document (``dcterms:BibliographicResource``)."""

    id: Id
    title: str
    title_en: str | None = None
    file: FileName
    publisher: Id | None = None
    language: str = "sv"


class Organisation(Record):
    """An organisation named in relation to the programme."""

    name: str
    name_en: str | None = None
    abbr: str | None = None
    #: other names the source uses for the organisation ("Tullen", "Polisen"), for search
    aliases: list[str] = Field(default_factory=list)
    type: OrgType
    part_of: Id | None = None
    in_operational_plan: TriState = TriState.unknown
    #: organisations that evaluated this one (an evaluation the source reports, e.g. fn 15)
    evaluated_by: list[Id] = Field(default_factory=list)
    note: str | None = None


class Body(Record):
    """A body: the programme, its steering, start-up and work groups, forums and networks."""

    kind: BodyKind
    name: str
    name_en: str | None = None
    #: other names the source uses for the body ("Minskade återfall i brott"), for search
    aliases: list[str] = Field(default_factory=list)
    part_of: Id | None = None
    development_area: str | None = None
    development_area_en: str | None = None
    convener: Id | None = None
    members: list[Id] = Field(default_factory=list)
    signatories: list[Id] = Field(default_factory=list)
    signed: Date | None = None
    adopted: Date | None = None
    start: Date | None = None
    end: Date | None = None
    first_meeting: Date | None = None
    meeting_frequency: str | None = None
    synthetic: bool = False
    #: links among members / convener / signatories that are our reading, with why
    readings: list[LinkReading] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _readings_name_a_link(self) -> Body:
        for r in self.readings:
            value = getattr(self, r.link)
            present = r.target in value if isinstance(value, list) else r.target == value
            if not present:
                raise ValueError(f"reading of {r.link} names '{r.target}', which is not in {r.link}")
        return self


class Person(Record):
    """A pseudonymous person, described by position and organisation — never named (§2.4)."""

    label: str
    label_sv: str | None = None
    organisation: Id
    one_of: list[Id] = Field(default_factory=list)
    #: how high the position stands in its organisation's line, as the source describes it
    manager_level: ManagerLevel = ManagerLevel.unknown
    note: str | None = None


class Membership(Record):
    """One holder's tenure on a seat (``org:Membership``)."""

    person: Id
    start: Date | None = None
    end: Date | None = None
    start_inferred: bool = False
    end_inferred: bool = False
    replaces: Id | None = None
    allocated_time: TriState = TriState.unknown
    allocated_time_note: str | None = None
    #: working time the employer set aside, in hours a week, where the source gives a number
    allocated_hours_per_week: float | None = Field(default=None, ge=0)
    own_time_mandate: TriState = TriState.unknown
    anchoring: TriState = TriState.unknown
    decision_mandate: TriState = TriState.unknown
    note: str | None = None


class Post(Record):
    """A seat (``org:Post``) in a body, held on behalf of an organisation."""

    body: Id
    organisation: Id
    role: RoleType
    label: str | None = None
    overlap_allowed: bool = False
    holders: list[Membership] = Field(default_factory=list)
    note: str | None = None


class Association(Strict):
    """An agent's part in an activity (``prov:qualifiedAssociation``)."""

    agent: Id
    role: ActivityRole
    inferred: bool = False


class Figure(Strict):
    """A number the source gives about an activity."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    value: float
    unit: str
    #: the organisations (or target groups) the figure counts, where the source names them
    counts: list[Id] = Field(default_factory=list)
    note: str | None = None


class Reach(Strict):
    """A recipient reached by an activity, and how far it was involved (§5, question 4)."""

    recipient: Id
    involvement: Involvement
    needs_shaped_content: TriState = TriState.unknown
    tailored_support: TriState = TriState.unknown
    repeated_contact: TriState = TriState.unknown
    feedback: TriState = TriState.unknown
    inferred: bool = False
    note: str | None = None


class Activity(Record):
    """An activity a body planned, with its status; only performed ones become ``prov:Activity``."""

    body: Id
    title: str
    title_en: str
    type: ActivityType
    status: ActivityStatus
    reasons: list[Reason] = Field(default_factory=list)
    plan_item: bool = True
    part_of: Id | None = None
    planned: Date | None = None
    planned_end: Date | None = None
    start: Date | None = None
    end: Date | None = None
    location: str | None = None
    associations: list[Association] = Field(default_factory=list)
    target_groups: list[Id] = Field(default_factory=list)
    reached: list[Reach] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    #: organisations that served as pilots of the activity (§4.7.5 "pilotorganisationer")
    pilot_organisations: list[Id] = Field(default_factory=list)
    #: where the source states the status, when the record's own source does not
    status_source: Source | None = None
    description: str | None = None


class TargetGroup(Record):
    """A recipient that is not a single organisation: a professional group or a set of them."""

    name: str
    name_en: str
    kind: TargetKind
    members: list[Id] = Field(default_factory=list)
    within: Id | None = None


class Goal(Record):
    """A work group's result or process goal and the evaluation's assessment of it."""

    body: Id
    type: GoalType
    text: str
    text_en: str
    deadline: Date | None = None
    clarity: GoalClarity | None = None
    assessment: GoalAssessment
    assessment_note: str | None = None
    #: the snippet that states the verdict (checked against the source like every evidence)
    assessment_source: Source | None = None


class Observation(Record):
    """A structural finding the source records (e.g. partners whose geographic divisions differ)."""

    kind: ObservationKind
    about: list[Id] = Field(min_length=1)
    text_en: str
    text: str | None = None
    #: the layer of the ideal-type organisation (§3.4) the finding concerns
    layer: Id | None = None


class IdealLayer(Record):
    """A layer of the ideal-type project organisation (§3.4) — reference model, not fact."""

    name: str
    name_en: str
    kind: BodyKind
    role: RoleType
    reports_to: Id | None = None
    chaired_by: RoleType | None = None
    members_are: str | None = None
    #: what the ideal type expects of the layer (e.g. the steering group fixes a project plan)
    tasks: str | None = None


class Dataset(Strict):
    """All records of one programme, merged from its YAML files."""

    namespace: Namespace
    document: Document
    sections: list[Section] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list)
    posts: list[Post] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    target_groups: list[TargetGroup] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    ideal_layers: list[IdealLayer] = Field(default_factory=list)


#: the lists a data file may hold, with the record class of each
LIST_KEYS: dict[str, type[Strict]] = {
    "sections": Section,
    "organisations": Organisation,
    "bodies": Body,
    "persons": Person,
    "posts": Post,
    "activities": Activity,
    "target_groups": TargetGroup,
    "goals": Goal,
    "observations": Observation,
    "ideal_layers": IdealLayer,
}


def records_of(ds: Dataset) -> Iterator[Record]:
    """Every record with an id and a source, tenures included (every list of :data:`LIST_KEYS`
    whose class is a :class:`Record`, so a new record list is covered without another edit)."""
    for key, cls in LIST_KEYS.items():
        if issubclass(cls, Record):
            for rec in getattr(ds, key):
                yield rec
                yield from getattr(rec, "holders", [])


#: single-valued keys a data file may hold (exactly one file of a programme must give each)
SCALAR_KEYS: dict[str, type[Strict] | type[str]] = {"namespace": str, "document": Document}
