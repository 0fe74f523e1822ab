"""Which ontology term carries each model field — the contract between model and RDF.

:mod:`tmb_graph.rdf.convert` writes these terms; ``tests/model/test_ontology_agreement.py``
checks that every field of every record class is listed here, that every term is declared
(in ``ontology/tmb.ttl`` or a standard vocabulary), and that a record with every field set
really produces each listed term. Values are the predicate (or class, for nested records)
that holds the field.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME

from tmb_graph.rdf.namespaces import TMB

_RECORD = {"id": DCTERMS.identifier, "source": PROV.qualifiedDerivation, "see_also": RDFS.seeAlso}

FIELD_TERMS: dict[str, dict[str, URIRef]] = {
    "Source": {
        "section": PROV.entity,
        "evidence": TMB.evidence,
        "inferred": TMB.inferred,
        "note": RDFS.comment,
        "footnote": TMB.footnote,
    },
    "Section": {"id": TMB.sectionNumber, "title": DCTERMS.title, "title_en": DCTERMS.title},
    "Document": {
        "id": DCTERMS.identifier,
        "title": DCTERMS.title,
        "title_en": DCTERMS.title,
        "file": TMB.fileName,
        "publisher": DCTERMS.publisher,
        "language": DCTERMS.language,
    },
    "Organisation": _RECORD
    | {
        "name": SKOS.prefLabel,
        "name_en": SKOS.prefLabel,
        "abbr": SKOS.altLabel,
        "aliases": SKOS.altLabel,
        "type": ORG.classification,
        "part_of": ORG.subOrganizationOf,
        "in_operational_plan": TMB.inOperationalPlan,
        "evaluated_by": TMB.evaluatedBy,
        "note": RDFS.comment,
    },
    "LinkReading": {"link": RDF.predicate, "target": RDF.object, "source": PROV.wasDerivedFrom},
    "Body": _RECORD
    | {
        "kind": ORG.classification,
        "name": SKOS.prefLabel,
        "name_en": SKOS.prefLabel,
        "aliases": SKOS.altLabel,
        "part_of": ORG.subOrganizationOf,
        "development_area": TMB.developmentArea,
        "development_area_en": TMB.developmentArea,
        "convener": TMB.convener,
        "members": ORG.hasMember,
        "signatories": TMB.signatory,
        "signed": TMB.signed,
        "adopted": TMB.adopted,
        "start": TMB.startDate,
        "end": TMB.endDate,
        "first_meeting": TMB.firstMeeting,
        "meeting_frequency": TMB.meetingFrequency,
        "synthetic": TMB.synthetic,
        "readings": RDF.subject,
        "note": RDFS.comment,
    },
    "Person": _RECORD
    | {
        "label": RDFS.label,
        "label_sv": RDFS.label,
        "organisation": ORG.memberOf,
        "one_of": TMB.identityAmong,
        "manager_level": TMB.managerLevel,
        "note": RDFS.comment,
    },
    "Post": _RECORD
    | {
        "body": ORG.postIn,
        "organisation": TMB.onBehalfOf,
        "role": ORG.role,
        "label": RDFS.label,
        "overlap_allowed": TMB.overlapAllowed,
        "holders": TMB.seat,
        "note": RDFS.comment,
    },
    "Membership": _RECORD
    | {
        "person": ORG.member,
        "start": TIME.hasBeginning,
        "end": TIME.hasEnd,
        "start_inferred": TMB.inferred,
        "end_inferred": TMB.inferred,
        "replaces": TMB.replaces,
        "allocated_time": TMB.allocatedTime,
        "allocated_time_note": TMB.allocatedTimeNote,
        "allocated_hours_per_week": TMB.allocatedHoursPerWeek,
        "own_time_mandate": TMB.ownTimeMandate,
        "anchoring": TMB.anchoring,
        "decision_mandate": TMB.decisionMandate,
        "note": RDFS.comment,
    },
    "Association": {"agent": PROV.agent, "role": PROV.hadRole, "inferred": TMB.inferred},
    "Figure": {
        "name": TMB.figureName,
        "value": URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value"),
        "unit": TMB.unit,
        "counts": TMB.counts,
        "note": RDFS.comment,
    },
    "Reach": {
        "recipient": TMB.recipient,
        "involvement": TMB.involvement,
        "needs_shaped_content": TMB.needsShapedContent,
        "tailored_support": TMB.tailoredSupport,
        "repeated_contact": TMB.repeatedContact,
        "feedback": TMB.feedback,
        "inferred": TMB.inferred,
        "note": RDFS.comment,
    },
    "Activity": _RECORD
    | {
        "body": TMB.byBody,
        "title": RDFS.label,
        "title_en": RDFS.label,
        "type": TMB.activityType,
        "status": TMB.status,
        "reasons": TMB.reason,
        "plan_item": TMB.planItem,
        "part_of": DCTERMS.isPartOf,
        "planned": TMB.plannedStart,
        "planned_end": TMB.plannedEnd,
        "start": TMB.startDate,
        "end": TMB.endDate,
        "location": TMB.location,
        "associations": PROV.qualifiedAssociation,
        "target_groups": TMB.targetGroup,
        "reached": TMB.qualifiedReach,
        "figures": TMB.figure,
        "pilot_organisations": TMB.pilotOrganisation,
        "status_source": TMB.statusDerivation,
        "description": DCTERMS.description,
    },
    "TargetGroup": _RECORD
    | {
        "name": SKOS.prefLabel,
        "name_en": SKOS.prefLabel,
        "kind": TMB.targetKind,
        "members": TMB.includes,
        "within": TMB.within,
    },
    "Goal": _RECORD
    | {
        "body": TMB.goalOf,
        "type": TMB.goalType,
        "text": RDFS.label,
        "text_en": RDFS.label,
        "deadline": TMB.deadline,
        "clarity": TMB.clarity,
        "assessment": TMB.assessment,
        "assessment_note": RDFS.comment,
        "assessment_source": TMB.assessmentDerivation,
    },
    "Observation": _RECORD
    | {
        "kind": TMB.observationKind,
        "about": TMB.about,
        "text_en": RDFS.label,
        "text": RDFS.label,
        "layer": TMB.concernsLayer,
    },
    "IdealLayer": _RECORD
    | {
        "name": SKOS.prefLabel,
        "name_en": SKOS.prefLabel,
        "kind": TMB.layerKind,
        "role": ORG.role,
        "reports_to": TMB.reportsTo,
        "chaired_by": TMB.chairedBy,
        "members_are": RDFS.comment,
        "tasks": TMB.layerTasks,
    },
}

#: terms the converter writes that carry no single model field, and why
STRUCTURAL_TERMS: dict[URIRef, str] = {
    TMB.pseudonymous: "constant true on every person (§2.4)",
    TMB.precision: "precision of a date field's time:Instant",
    TMB.earliest: "first day a date field may denote",
    TMB.latest: "last day a date field may denote",
    TMB.plannedAssociation: "Activity.associations of an activity that did not take place",
}

#: the predicate of each link a :class:`~tmb_graph.model.records.LinkReading` may qualify
READING_LINKS: dict[str, URIRef] = {"members": ORG.hasMember, "convener": TMB.convener, "signatories": TMB.signatory}
