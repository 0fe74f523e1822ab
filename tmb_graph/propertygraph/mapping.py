"""The one mapping from the RDF graph to a property graph (Neo4j, FalkorDB, CSV, networkx).

Everything that speaks Cypher or writes node/relationship files reads this module; nothing else
knows the mapping by heart.

Rules
-----
*Nodes.* Every IRI typed with one of :data:`LABELS`' classes becomes a node whose ``id`` is the
IRI's local part (``wg-est``, ``m-est-kfsk-1``, ``sec-4.4.1``, ``ideal-project-group``); its
labels are those classes' labels. Other ``rdf:type`` values are absorbed (:data:`ABSORBED_TYPES`
says into what).

*Properties* are named after the model's fields (:data:`tmb_graph.rdf.terms.FIELD_TERMS`), so a
Cypher user reads ``name``, ``name_en``, ``status``, ``allocated_time`` exactly as in the YAML:

- a literal becomes a string, number or boolean; where two fields share one predicate the
  language tag decides (``name`` Swedish, ``name_en`` English; a person's ``label`` English,
  ``label_sv`` Swedish);
- a SKOS concept becomes its notation (``tmbc:ActivityStatus-cancelled`` → ``"cancelled"``); a
  role also yields ``authority`` (its authority type), a status ``happened``;
- a date (``time:Instant``) becomes ``<field>`` (the text as written, e.g. ``"2019-autumn"``),
  ``<field>_precision``, ``<field>_earliest`` / ``<field>_latest`` (ISO days) and
  ``<field>_inferred``; a membership's interval is folded into ``start``/``end`` the same way;
- list fields (``reasons``) are always lists.

*Relationships* come from object properties (:data:`RELATIONSHIPS`), plus the qualified ones
whose qualifier node becomes the relationship's properties: ``DERIVED_FROM`` (evidence,
inferred, footnote, note) from ``prov:qualifiedDerivation``, ``ORGANISED`` (role, inferred,
planned) from ``prov:qualifiedAssociation``/``tmb:plannedAssociation`` — drawn from the agent
to the activity — and ``REACHED`` (involvement and its flags) from ``tmb:qualifiedReach``.

*Readings.* ``HAS_MEMBER``, ``CONVENED_BY`` and ``SIGNED_BY`` always carry ``inferred``: true
(with ``note`` and ``section``) when an ``rdf:Statement`` about the triple says the link is the
dataset's reading, false otherwise — so ``WHERE NOT r.inferred`` keeps what the source states.

A predicate the mapping does not know is an error (:class:`MappingError`), so a new ontology
term cannot silently vanish from the property graph.

Examples
--------
>>> from tmb_graph.rdf.read import load_built_graph   # doctest: +SKIP
>>> pg = to_property_graph(load_built_graph(Path("build")))   # doctest: +SKIP
>>> pg.counts_by_label()["Membership"]                       # doctest: +SKIP
97
"""

from __future__ import annotations

import datetime as dt
import typing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import groupby
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME
from rdflib.term import Node

from tmb_graph.dataset import (
    PARALLEL_FROM,
    PROGRAMMES,
    built_programmes,
    each_programme,
    qualified_id,
    qualifier,
    split_iri,
)
from tmb_graph.errors import TmbError
from tmb_graph.model import records
from tmb_graph.ontology import concepts as load_concepts
from tmb_graph.paths import built_graph_file
from tmb_graph.rdf.namespaces import SCHEMA, TMB, TMBC
from tmb_graph.rdf.read import Triples, read_triples
from tmb_graph.rdf.terms import FIELD_TERMS, READING_LINKS

Value = str | int | float | bool | list[str]

#: class → (label, record class whose fields name the properties)
LABELS: dict[URIRef, tuple[str, str]] = {
    TMB.SourceSection: ("Section", "Section"),
    DCTERMS.BibliographicResource: ("Document", "Document"),
    ORG.FormalOrganization: ("Organisation", "Organisation"),
    TMB.Body: ("Body", "Body"),
    FOAF.Person: ("Person", "Person"),
    ORG.Post: ("Post", "Post"),
    ORG.Membership: ("Membership", "Membership"),
    TMB.Activity: ("Activity", "Activity"),
    TMB.TargetGroup: ("TargetGroup", "TargetGroup"),
    TMB.Goal: ("Goal", "Goal"),
    TMB.Observation: ("Observation", "Observation"),
    TMB.IdealLayer: ("IdealLayer", "IdealLayer"),
    TMB.Figure: ("Figure", "Figure"),
}

#: other rdf:types, and where the property graph keeps what they say
ABSORBED_TYPES: dict[URIRef, str] = {
    PROV.Agent: "implied by the Organisation, Body and Person labels",
    PROV.Entity: "implied by the Document label",
    FOAF.Organization: "implied by the Organisation label",
    ORG.Organization: "a Body whose kind is not programme",
    ORG.OrganizationalCollaboration: "a Body of kind programme",
    PROV.Activity: "Activity.happened = true",
    PROV.Plan: "Activity.happened = false",
    PROV.Derivation: "properties of DERIVED_FROM",
    PROV.Association: "properties of ORGANISED",
    TMB.Reach: "properties of REACHED",
    TIME.Interval: "Membership.start / Membership.end",
    TIME.Instant: "<field>, <field>_precision, _earliest, _latest, _inferred",
    RDF.Statement: "a reading: inferred, note and section on the relationship it is about",
}


@dataclass(frozen=True)
class Rel:
    """How an object property becomes a relationship."""

    type: str
    reverse: bool = False  # drawn from object to subject
    doc: str = ""


#: object properties → relationship types (subject → object unless ``reverse``)
RELATIONSHIPS: dict[URIRef, Rel] = {
    ORG.member: Rel("HOLDS", reverse=True, doc="(Person)-[:HOLDS]->(Membership): the person held this tenure"),
    TMB.seat: Rel("OF_SEAT", doc="(Membership)-[:OF_SEAT]->(Post)"),
    ORG.postIn: Rel("IN_BODY", doc="(Post)-[:IN_BODY]->(Body)"),
    ORG.organization: Rel("IN_BODY", doc="(Membership)-[:IN_BODY]->(Body)"),
    TMB.onBehalfOf: Rel("ON_BEHALF_OF", doc="(Post|Membership)-[:ON_BEHALF_OF]->(Organisation)"),
    TMB.replaces: Rel("REPLACED", doc="(Membership)-[:REPLACED]->(Membership): successor to predecessor"),
    ORG.memberOf: Rel("MEMBER_OF", doc="(Person)-[:MEMBER_OF]->(Organisation): employer"),
    TMB.identityAmong: Rel("IDENTITY_AMONG", doc="(Person)-[:IDENTITY_AMONG]->(Person): one of these people"),
    ORG.subOrganizationOf: Rel("PART_OF", doc="(Organisation|Body)-[:PART_OF]->(Organisation|Body)"),
    DCTERMS.isPartOf: Rel("PART_OF", doc="(Activity)-[:PART_OF]->(Activity), (Section)-[:PART_OF]->(Document)"),
    ORG.hasMember: Rel("HAS_MEMBER", doc="(Body)-[:HAS_MEMBER]->(Organisation)"),
    TMB.convener: Rel("CONVENED_BY", doc="(Body)-[:CONVENED_BY]->(Organisation)"),
    TMB.signatory: Rel("SIGNED_BY", doc="(Body)-[:SIGNED_BY]->(Organisation): programme declaration"),
    TMB.byBody: Rel("BY_BODY", doc="(Activity)-[:BY_BODY]->(Body): the body whose plan it belongs to"),
    TMB.targetGroup: Rel("TARGETS", doc="(Activity)-[:TARGETS]->(TargetGroup)"),
    TMB.figure: Rel("HAS_FIGURE", doc="(Activity)-[:HAS_FIGURE]->(Figure)"),
    TMB.includes: Rel("INCLUDES", doc="(TargetGroup)-[:INCLUDES]->(Organisation)"),
    TMB.within: Rel("WITHIN", doc="(TargetGroup)-[:WITHIN]->(Organisation)"),
    TMB.goalOf: Rel("GOAL_OF", doc="(Goal)-[:GOAL_OF]->(Body)"),
    TMB.reportsTo: Rel("REPORTS_TO", doc="(IdealLayer)-[:REPORTS_TO]->(IdealLayer)"),
    DCTERMS.publisher: Rel("PUBLISHED_BY", doc="(Document)-[:PUBLISHED_BY]->(Organisation)"),
    RDFS.seeAlso: Rel("SEE_ALSO", doc="(any)-[:SEE_ALSO]->(Section): further sections"),
    TMB.about: Rel("ABOUT", doc="(Observation)-[:ABOUT]->(any)"),
    TMB.concernsLayer: Rel("CONCERNS_LAYER", doc="(Observation)-[:CONCERNS_LAYER]->(IdealLayer): §3.4"),
    TMB.evaluatedBy: Rel("EVALUATED_BY", doc="(Organisation)-[:EVALUATED_BY]->(Organisation)"),
    TMB.pilotOrganisation: Rel("HAS_PILOT", doc="(Activity)-[:HAS_PILOT]->(Organisation): pilot organisations"),
    TMB.counts: Rel("COUNTS", doc="(Figure)-[:COUNTS]->(Organisation|TargetGroup): what the figure counts"),
}

#: qualified relations: the qualifier node's properties go onto one relationship
QUALIFIED: dict[URIRef, Rel] = {
    PROV.qualifiedDerivation: Rel(
        "DERIVED_FROM", doc="(any)-[:DERIVED_FROM {evidence, inferred, footnote, note}]->(Section)"
    ),
    PROV.qualifiedAssociation: Rel(
        "ORGANISED", reverse=True, doc="(agent)-[:ORGANISED {role, inferred, planned}]->(Activity)"
    ),
    TMB.plannedAssociation: Rel(
        "ORGANISED", reverse=True, doc="as ORGANISED, with planned = true (the activity did not take place)"
    ),
    TMB.qualifiedReach: Rel("REACHED", doc="(Activity)-[:REACHED {involvement, flags...}]->(recipient)"),
    TMB.statusDerivation: Rel(
        "STATUS_FROM", doc="(Activity)-[:STATUS_FROM {evidence, inferred, note}]->(Section): where the status is stated"
    ),
    TMB.assessmentDerivation: Rel(
        "ASSESSMENT_FROM", doc="(Goal)-[:ASSESSMENT_FROM {evidence, inferred, note}]->(Section): the verdict's snippet"
    ),
}

#: predicates left out, and where their content is
SKIPPED: dict[URIRef, str] = {
    PROV.wasDerivedFrom: "the same edge as DERIVED_FROM, which also carries the evidence",
    ORG.holds: "(Person)-[:HOLDS]->(Membership)-[:OF_SEAT]->(Post)",
    TIME.inXSDDate: "<field> and <field>_earliest",
    TIME.inXSDgYearMonth: "<field>",
    TIME.inXSDgYear: "<field>",
    RDF.type: "labels",
    RDF.subject: "Body.readings: inferred, note and section on HAS_MEMBER / CONVENED_BY / SIGNED_BY",
}

#: predicates with one fixed property name on every node
FIXED_PROPERTIES: dict[URIRef, str] = {
    DCTERMS.identifier: "id",
    TMB.sectionNumber: "number",
    TMB.pseudonymous: "pseudonymous",
    PROV.startedAtTime: "started_at",
    SCHEMA.eventStatus: "event_status",
    RDFS.label: "label",
    SKOS.altLabel: "abbr",
    ORG.role: "role",  # a tenure carries its seat's role
}

#: concept-valued fields that also yield a property read from the concept's definition
CONCEPT_EXTRAS: dict[str, tuple[str, URIRef]] = {
    "role": ("authority", TMB.authorityType),
    "status": ("happened", TMB.happened),
    "involvement": ("involvement_rank", TMB.continuumRank),
}

_QUALIFIER_FIELDS = {  # qualifier class → record class naming its properties
    PROV.qualifiedDerivation: "Source",
    TMB.statusDerivation: "Source",
    TMB.assessmentDerivation: "Source",
    PROV.qualifiedAssociation: "Association",
    TMB.plannedAssociation: "Association",
    TMB.qualifiedReach: "Reach",
}
#: which end of a qualified relation the qualifier points to
_QUALIFIER_TARGET = {
    PROV.qualifiedDerivation: PROV.entity,
    TMB.statusDerivation: PROV.entity,
    TMB.assessmentDerivation: PROV.entity,
    PROV.qualifiedAssociation: PROV.agent,
    TMB.plannedAssociation: PROV.agent,
    TMB.qualifiedReach: TMB.recipient,
}


#: what the mapping reads: an rdflib graph, or the lighter index a build's ``graph.nt`` is read into
#: (:func:`~tmb_graph.rdf.read.read_triples`; the same answers, several times faster at 10⁶ triples)
Source = Graph | Triples


class MappingError(TmbError):
    """The RDF graph holds something the property-graph mapping does not know."""


@dataclass
class PGNode:
    id: str
    labels: list[str]
    props: dict[str, Value] = field(default_factory=dict)


@dataclass
class PGRel:
    start: str
    type: str
    end: str
    props: dict[str, Value] = field(default_factory=dict)
    #: tells apart relationships of one type between the same two nodes (an organisation that
    #: organised and funded one activity): the qualifier's local id, "" for plain relationships
    key: str = ""


@dataclass
class PropertyGraph:
    """Nodes and relationships, sorted (so every writer is deterministic)."""

    nodes: list[PGNode]
    rels: list[PGRel]

    def counts_by_label(self) -> dict[str, int]:
        return dict(sorted(Counter(label for n in self.nodes for label in n.labels).items()))

    def counts_by_type(self) -> dict[str, int]:
        return dict(sorted(Counter(r.type for r in self.rels).items()))

    def node(self, nid: str) -> PGNode:
        for n in self.nodes:
            if n.id == nid:
                return n
        raise KeyError(nid)


def local_id(iri: Node) -> str:
    """The node id of an IRI: its last path segment (``.../skane-2018-2020/wg-est`` → ``wg-est``)."""
    return split_iri(str(iri))[1]


def _namespace(iri: Node) -> str:
    """The namespace of an IRI: all but its local part (``.../skane-2018-2020/wg-est`` → ``.../skane-2018-2020/``)."""
    return split_iri(str(iri))[0]


def notation(concept: Node) -> str:
    """The notation of a project concept (``tmbc:ActivityStatus-cancelled`` → ``cancelled``)."""
    return local_id(concept).split("-", 1)[-1]


@cache
def _fields(record_class: str) -> dict[URIRef, list[str]]:
    """Predicate → the record class's field names it carries (several when languages differ)."""
    out: dict[URIRef, list[str]] = {}
    for name, term in FIELD_TERMS.get(record_class, {}).items():
        out.setdefault(term, []).append(name)
    return out


@cache
def _list_fields(record_class: str) -> frozenset[str]:
    model = getattr(records, record_class, None)
    if model is None:
        return frozenset()
    return frozenset(name for name, f in model.model_fields.items() if typing.get_origin(f.annotation) is list)


@cache  # asked once per property of every node: the answer depends on the three arguments only
def _field_for(record_class: str, pred: URIRef, lang: str | None) -> str | None:
    if pred in (DCTERMS.identifier, TMB.sectionNumber):  # the node id is the IRI's local part
        return FIXED_PROPERTIES[pred]
    names = _fields(record_class).get(pred)
    if not names:
        return FIXED_PROPERTIES.get(pred)
    if len(names) == 1:
        return names[0]
    # several fields share the predicate: the language tag decides (name / name_en); an
    # untagged literal goes to a single-valued field (abbr), a tagged one to a list (aliases)
    suffixed = {n.rsplit("_", 1)[-1]: n for n in names if n.endswith(("_en", "_sv"))}
    if lang in suffixed:
        return suffixed[lang]
    plain = [n for n in names if n not in suffixed.values()]
    lists = _list_fields(record_class)
    wanted = [n for n in plain if (n in lists) == (lang is not None)]
    if wanted and any(n in lists for n in plain):
        return wanted[0]
    return plain[0] if plain else names[0]


def _predicate_text(pair: tuple[Node, object]) -> str:
    return str(pair[0])


def _sorted_pairs(pairs: Iterable[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    """``sorted(pairs)`` for a subject's (predicate, object) pairs, without rdflib's slow comparisons.

    rdflib orders two IRIs as their text, so sorting by the predicate's text gives the same
    order; only where a predicate repeats are its objects compared (rdflib's order, as
    ``sorted`` would), which is rare.

    Examples
    --------
    >>> a, b = URIRef("http://e/a"), URIRef("http://e/b")
    >>> pairs = [(b, Literal(2)), (a, Literal("x")), (b, Literal(1))]
    >>> _sorted_pairs(pairs) == sorted(pairs)
    True
    """
    ordered = sorted(pairs, key=_predicate_text)
    out: list[tuple[Node, Node]] = []
    for _, group in groupby(ordered, key=_predicate_text):
        run = list(group)
        out += sorted(run) if len(run) > 1 else run
    return out


def _python(lit: Literal) -> Value:
    value = lit.toPython()
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(lit)


_TMBC = str(TMBC)
# the terms the per-triple code compares with, made once: an rdflib namespace makes a new IRI
# object each time it is asked for one, and comparing two distinct IRI objects is Python code
_MEMBER_DURING = ORG.memberDuring
_BOUNDS = (("start", TIME.hasBeginning), ("end", TIME.hasEnd))
_TYPE, _INSTANT, _LABEL, _EVENT_STATUS = RDF.type, TIME.Instant, RDFS.label, SCHEMA.eventStatus
_PRECISION, _INFERRED, _PLANNED = TMB.precision, TMB.inferred, TMB.plannedAssociation
_ENDS = (("earliest", TMB.earliest), ("latest", TMB.latest))
_READABLE = frozenset(READING_LINKS.values())

# what a predicate is to the mapping (:meth:`_Mapper.kind`)
_PROPERTY, _SKIPPED, _RELATIONSHIP, _QUALIFIED, _INTERVAL = range(5)


def _rel_order(r: PGRel) -> tuple[str, str, str, list[tuple[str, Value]]]:
    """The relationships' order (every writer's): type, start, end, properties."""
    return (r.type, r.start, r.end, sorted(r.props.items()))


class _Mapper:
    def __init__(self, graph: Source, concepts: Graph | None, qualify: bool = False) -> None:
        self.g = graph
        self.c: Source = concepts if concepts is not None else graph
        self._keys: dict[Node, str] = {}  # node → its id (asked for every end of every relationship)
        self._concept_values: dict[tuple[str, Node], tuple[str, dict[str, Value]]] = {}
        self._kinds: dict[Node, tuple[int, URIRef]] = {}  # a hundred predicates, asked of 10⁶ triples
        # node → (labels, record class); the first class in LABELS names the properties
        self.labels: dict[Node, tuple[list[str], str]] = {}
        for cls, (label, record_class) in LABELS.items():
            for s in graph.subjects(RDF.type, cls):
                self.labels.setdefault(s, ([], record_class))[0].append(label)
        # a dataset of programmes (`tmb build DIR`): ids are local parts, and `wg-1` recurs in
        # every county, so each programme's node ids are qualified by its name and its nodes
        # carry `programme`; one programme keeps its plain ids (and no `programme`)
        # (``qualify``: one programme of a dataset mapped on its own, qualified as in the union)
        namespaces = {_namespace(b) for b in graph.subjects(ORG.classification, TMBC["BodyKind-programme"])}
        self.programmes: dict[str, str] = (
            {ns: qualifier(ns) for ns in namespaces} if qualify or len(namespaces) > 1 else {}
        )

    def kind(self, pred: Node) -> tuple[int, URIRef]:
        """What ``pred`` is (``_PROPERTY``, ``_SKIPPED``, ``_RELATIONSHIP``, ``_QUALIFIED`` or
        ``_INTERVAL``) and the IRI to look it up with; worked out once per predicate."""
        found = self._kinds.get(pred)
        if found is None:
            iri = pred if type(pred) is URIRef else URIRef(str(pred))
            if iri in SKIPPED:
                what = _SKIPPED
            elif iri in RELATIONSHIPS:
                what = _RELATIONSHIP
            elif iri in QUALIFIED:
                what = _QUALIFIED
            elif iri == _MEMBER_DURING:
                what = _INTERVAL
            else:
                what = _PROPERTY
            found = self._kinds[pred] = (what, iri)
        return found

    def key(self, iri: Node) -> str:
        """The node id of ``iri``: its local part, qualified by programme in a dataset (``stockholm-2021.wg-1``)."""
        found = self._keys.get(iri)
        if found is None:
            namespace, local = split_iri(str(iri))
            found = self._keys[iri] = qualified_id(namespace, local) if namespace in self.programmes else local
        return found

    def fail(self, node: Node, pred: Node, what: str) -> MappingError:
        return MappingError(
            f"{local_id(node)}: {what} {pred} — add it to tmb_graph/propertygraph/mapping.py "
            "(RELATIONSHIPS, FIXED_PROPERTIES or the model's FIELD_TERMS)"
        )

    def concept_value(self, key: str, concept: Node, props: dict[str, Value]) -> Value:
        found = self._concept_values.get((key, concept))
        if found is None:  # worked out once per field and concept: a few hundred, asked 10⁵ times
            extras: dict[str, Value] = {}
            if key in CONCEPT_EXTRAS:
                extra, pred = CONCEPT_EXTRAS[key]
                got = self.c.value(concept, pred)
                if got is not None:
                    extras[extra] = notation(got) if isinstance(got, URIRef) else _python(got)  # type: ignore[arg-type]
            found = self._concept_values[(key, concept)] = (notation(concept), extras)
        props.update(found[1])
        return found[0]

    def date(self, key: str, instant: Node, props: dict[str, Value]) -> None:
        props[key] = str(self.g.value(instant, _LABEL))
        precision = self.g.value(instant, _PRECISION)
        props[f"{key}_precision"] = notation(precision) if precision is not None else ""
        for suffix, pred in _ENDS:
            value = self.g.value(instant, pred)
            if isinstance(value, Literal):
                props[f"{key}_{suffix}"] = _python(value)
        props[f"{key}_inferred"] = bool(self.g.value(instant, _INFERRED))

    def sorted_pairs(self, s: Node) -> list[tuple[Node, Node]]:
        """``sorted(self.g.predicate_objects(s))``, as :func:`_sorted_pairs` gives it; from a
        :class:`Triples` index without regrouping (its predicates are already distinct)."""
        if not isinstance(self.g, Triples):
            return _sorted_pairs(self.g.predicate_objects(s))
        out: list[tuple[Node, Node]] = []
        for p, objects in sorted(self.g.predicates(s).items(), key=_predicate_text):
            if len(objects) == 1:
                out.append((p, objects[0]))
            else:
                out += [(p, o) for o in sorted(objects)]  # type: ignore[type-var]  # rdflib's order
        return out

    def put(self, props: dict[str, Value], key: str, value: Value, record_class: str) -> None:
        if key in _list_fields(record_class):
            current = props.get(key, [])
            assert isinstance(current, list)
            props[key] = sorted({*current, str(value)})
        else:
            props[key] = value

    def properties(self, s: Node, record_class: str, skip: Iterable[URIRef] = ()) -> dict[str, Value]:
        """Literal and concept properties of ``s`` (and folded dates)."""
        props: dict[str, Value] = {}
        skipped = set(skip)
        for p, o in self.sorted_pairs(s):
            what, iri = self.kind(p)
            if what in (_SKIPPED, _RELATIONSHIP, _QUALIFIED) or (skipped and p in skipped):
                continue
            if what == _INTERVAL:  # a tenure's interval: fold its two instants
                for key, pred in _BOUNDS:
                    instant = self.g.value(o, pred)
                    if instant is not None:
                        self.date(key, instant, props)
                continue
            lang = o.language if isinstance(o, Literal) else None
            found = _field_for(record_class, iri, lang)
            if found is None:
                raise self.fail(s, p, "unmapped property")
            key = found
            if isinstance(o, Literal):
                self.put(props, key, _python(o), record_class)
            elif isinstance(o, URIRef) and str(o).startswith(_TMBC):
                self.put(props, key, self.concept_value(key, o, props), record_class)
            elif (o, _TYPE, _INSTANT) in self.g:
                self.date(key, o, props)
            elif p == _EVENT_STATUS:
                props[key] = local_id(o)
            else:
                raise self.fail(s, p, "unmapped object of")
        for name in _list_fields(record_class):
            term = FIELD_TERMS[record_class].get(name)
            if term is not None and term not in RELATIONSHIPS and term not in QUALIFIED and term not in SKIPPED:
                props.setdefault(name, [])  # e.g. reasons: always a list, even when empty
        return props

    def node_of(self, iri: Node, s: Node, p: Node) -> str:
        if iri not in self.labels:
            raise self.fail(s, p, f"points to {iri}, which is no node, through")
        return self.key(iri)

    def readings(self) -> dict[tuple[Node, Node, Node], dict[str, Value]]:
        """(subject, predicate, object) of each ``rdf:Statement`` → the relationship's properties."""
        out: dict[tuple[Node, Node, Node], dict[str, Value]] = {}
        for st in self.g.subjects(RDF.type, RDF.Statement):
            key = (self.g.value(st, RDF.subject), self.g.value(st, RDF.predicate), self.g.value(st, RDF.object))
            props: dict[str, Value] = {"inferred": bool(self.g.value(st, TMB.inferred))}
            for name, pred in (("note", RDFS.comment), ("evidence", TMB.evidence)):
                value = self.g.value(st, pred)
                if value is not None:
                    props[name] = str(value)
            section = self.g.value(self.g.value(st, PROV.wasDerivedFrom), TMB.sectionNumber)
            if section is not None:
                props["section"] = str(section)
            out[key] = props  # type: ignore[index]
        return out

    def run(self) -> PropertyGraph:
        nodes: list[PGNode] = []
        rels: list[PGRel] = []
        readings = self.readings()
        for s, (labels, record_class) in self.labels.items():
            props = self.properties(s, record_class)
            props["id"] = node_id = self.key(s)
            if self.programmes and _namespace(s) in self.programmes:
                props["programme"] = self.programmes[_namespace(s)]
            nodes.append(PGNode(node_id, sorted(labels), dict(sorted(props.items()))))
            for p, o in self.g.predicate_objects(s):
                what, iri = self.kind(p)
                if what == _RELATIONSHIP:
                    rel = RELATIONSHIPS[iri]
                    a, b = node_id, self.node_of(o, s, iri)
                    props = dict(readings.get((s, iri, o), {"inferred": False})) if iri in _READABLE else {}
                    rels.append(PGRel(b, rel.type, a, props) if rel.reverse else PGRel(a, rel.type, b, props))
                elif what == _QUALIFIED:
                    rels.append(self.qualified(s, iri, o))
        nodes.sort(key=lambda n: n.id)
        rels.sort(key=_rel_order)
        return PropertyGraph(nodes, rels)

    def qualified(self, s: Node, p: URIRef, q: Node) -> PGRel:
        rel = QUALIFIED[p]
        target_pred = _QUALIFIER_TARGET[p]
        target = self.g.value(q, target_pred)
        if target is None:
            raise self.fail(s, p, "qualifier without its target, in")
        props = self.properties(q, _QUALIFIER_FIELDS[p], skip=[target_pred])
        if rel.type == "ORGANISED":
            props["planned"] = p == _PLANNED
        a, b = self.key(s), self.node_of(target, s, p)
        props = dict(sorted(props.items()))
        key = self.key(q)
        return PGRel(b, rel.type, a, props, key) if rel.reverse else PGRel(a, rel.type, b, props, key)


def to_property_graph(graph: Source, concepts: Graph | None = None) -> PropertyGraph:
    """Map an RDF graph built by tmb_graph to a property graph.

    Parameters
    ----------
    graph : rdflib.Graph or Triples
        The data graph (``tmb build`` output or ``dataset_to_graph``), with or without the
        concepts; a build's ``graph.nt`` is best read with :func:`load_property_graph`.
    concepts : rdflib.Graph, optional
        Where to read each concept's authority type, ``happened`` and continuum rank; default
        ``ontology/concepts.ttl``.

    Returns
    -------
    PropertyGraph
        Sorted nodes and relationships.

    Raises
    ------
    MappingError
        When the graph holds a predicate or type this mapping does not cover.
    """
    if concepts is None:
        concepts = load_concepts()
    return _Mapper(graph, concepts).run()


def load_property_graph(graph_dir: Path) -> PropertyGraph:
    """The property graph of the build in ``graph_dir`` (its ``graph.nt``).

    The file goes straight into the mapping's index (:func:`~tmb_graph.rdf.read.read_triples`),
    not into an rdflib graph: the same property graph (the tests compare them), and at 10⁶
    triples the projection loads in 10–15 s of CPU instead of 44 s, peaking at 0.37 GB, not 1.08 GB.

    Raises
    ------
    TmbError
        When ``graph_dir`` holds no build, or its ``graph.nt`` is empty or not N-Triples.
    MappingError
        When the graph holds a predicate or type this mapping does not cover.

    Examples
    --------
    >>> load_property_graph(Path("build/graph")).counts_by_label()["Body"]   # doctest: +SKIP
    14
    """
    parts = programme_parts(graph_dir)
    if parts is not None:
        return parts
    return to_property_graph(read_triples(built_graph_file(graph_dir)))


#: a programme's nodes and relationships as plain tuples: 3× faster to send between processes
#: than the dataclasses (pickle sets each instance's ``__dict__`` one by one)
_Part = tuple[list[tuple[str, list[str], dict[str, Value]]], list[tuple[str, str, str, dict[str, Value], str]]]


def _programme_part(folder: Path) -> tuple[_Part, set[str], set[str]]:
    """One programme of a dataset mapped as the union maps it (ids qualified by its name), with
    the namespaces of its programmes and of its other nodes (run in a worker process)."""
    mapper = _Mapper(read_triples(built_graph_file(folder)), load_concepts(), qualify=True)
    graph = mapper.run()
    others = {_namespace(s) for s in mapper.labels} - set(mapper.programmes)
    part = (
        [(n.id, n.labels, n.props) for n in graph.nodes],
        [(r.start, r.type, r.end, r.props, r.key) for r in graph.rels],
    )
    return part, set(mapper.programmes), others


def programme_parts(graph_dir: Path, jobs: int | None = None) -> PropertyGraph | None:
    """The property graph of a dataset build mapped programme by programme in worker processes,
    or None where that would not give the union's own mapping.

    Programmes share no node (each has its namespace), so the union's property graph is its
    programmes' graphs together, sorted as one: each programme is read from its own
    ``programmes/NAME/graph.nt`` and mapped on a core of its own, ~2× faster on two cores for a
    national dataset (a test holds it to the union's mapping). None — map the union instead —
    for a build of fewer than :data:`~tmb_graph.dataset.PARALLEL_FROM` programmes, or when a
    node would not be qualified as in the union: a node outside every programme's namespace in
    the namespace of another's, or one node in two programmes.

    Examples
    --------
    >>> pg = programme_parts(Path("build/graph"))      # doctest: +SKIP
    >>> pg.nodes[0].id, pg.nodes[0].props["programme"]  # doctest: +SKIP
    ('blekinge-2021.act-1-1', 'blekinge-2021')
    """
    built = built_programmes(graph_dir)
    if len(built) < PARALLEL_FROM:
        return None
    parts = list(each_programme(_programme_part, [graph_dir / PROGRAMMES / name for name in built], jobs))
    spaces = set().union(*(programmes for _, programmes, _ in parts))
    if len(spaces) < 2 or any(others & spaces for _, _, others in parts):
        return None
    nodes = [PGNode(*n) for (part, _), _, _ in parts for n in part]
    if len({n.id for n in nodes}) != len(nodes):
        return None
    nodes.sort(key=lambda n: n.id)
    rels = sorted((PGRel(*r) for (_, part), _, _ in parts for r in part), key=_rel_order)
    return PropertyGraph(nodes, rels)


def mapping_table() -> list[tuple[str, str, str]]:
    """(RDF term, property-graph element, note) rows: the mapping, for the generated docs."""
    rows = [(str(c), f":{label}", f"properties named after {cls} fields") for c, (label, cls) in LABELS.items()]
    rows += [(str(c), "(absorbed)", why) for c, why in ABSORBED_TYPES.items()]
    rows += [(str(p), f"[:{r.type}]", r.doc) for p, r in {**RELATIONSHIPS, **QUALIFIED}.items()]
    rows += [(str(p), f".{name}", "on every node that has it") for p, name in FIXED_PROPERTIES.items()]
    rows += [(str(p), "(skipped)", why) for p, why in SKIPPED.items()]
    return rows


def _type_name(annotation: object) -> str:
    """The property-graph type of a model field's annotation (``str``, ``list[str]``, ``date`` ...)."""
    text = str(annotation).replace("typing.", "")
    for marker, name in (("list[", "list[str]"), ("FuzzyDate", "date"), ("bool", "boolean"), ("float", "float")):
        if marker in text:
            return name
    if "int" in text:
        return "integer"
    return "string"


def label_properties() -> list[tuple[str, str, str, str]]:
    """(label, property, type, note) rows: every label's properties, for the generated docs.

    Names follow the model's fields; a date field yields five properties, a concept-valued field
    its notation (plus ``authority`` / ``happened`` / ``involvement_rank`` where it applies), and
    fields that become relationships are left out (they are listed with the relationships).

    Examples
    --------
    >>> ("Organisation", "aliases", "list[str]") in {r[:3] for r in label_properties()}
    True
    """
    rows: list[tuple[str, str, str, str]] = []
    links = set(RELATIONSHIPS) | set(QUALIFIED) | set(SKIPPED)
    for label, record_class in LABELS.values():
        model = getattr(records, record_class)
        rows.append((label, "id", "string", "the IRI's local part"))
        dates = {n for n, f in model.model_fields.items() if _type_name(f.annotation) == "date"}
        for name, f in model.model_fields.items():
            term = FIELD_TERMS[record_class].get(name)
            folded = name.endswith("_inferred") and name.removesuffix("_inferred") in dates
            if name in ("id", "source", "see_also") or term is None or term in links or folded:
                continue
            kind = _type_name(f.annotation)
            if kind == "date":
                rows.append((label, name, "string", "the date as written (2019-autumn)"))
                for suffix, typ in (("precision", "string"), ("earliest", "string"), ("latest", "string")):
                    rows.append(
                        (label, f"{name}_{suffix}", typ, "ISO day" if typ == "string" and suffix != "precision" else "")
                    )
                rows.append((label, f"{name}_inferred", "boolean", "the date is our reading"))
                continue
            rows.append((label, name, kind, f.description or ""))
            if name in CONCEPT_EXTRAS:
                extra, _ = CONCEPT_EXTRAS[name]
                typ = {"involvement_rank": "integer", "happened": "boolean"}.get(extra, "string")
                rows.append((label, extra, typ, f"read from the {name} concept"))
        rows += [(label, *extra) for extra in _FIXED_BY_LABEL.get(label, [])]
    return rows


#: properties a label carries from FIXED_PROPERTIES rather than from a model field
_FIXED_BY_LABEL: dict[str, list[tuple[str, str, str]]] = {
    "Membership": [
        ("role", "string", "the seat's role"),
        ("authority", "string", "the role's authority type"),
        ("label", "string", "person, body and dates, in English"),
    ],
    "Person": [("pseudonymous", "boolean", "always true (§2.4)")],
    "Activity": [
        ("started_at", "string", "ISO date-time, for activities that happened on a known day"),
        ("event_status", "string", "EventCancelled / EventPostponed (schema.org)"),
    ],
    "Section": [("number", "string", "the section number (4.4.1)"), ("label", "string", "§number and title")],
}
