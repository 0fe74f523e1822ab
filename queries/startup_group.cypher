// question: Who made up the start-up group that wrote the action programme, for which organisation, and how well was their participation anchored?
// fråga: Vilka ingick i uppstartsgruppen som tog fram handlingsprogrammet, för vilken organisation, och hur väl var deras medverkan förankrad?
// params: none
// sections: 3.2
MATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(:Body {kind: 'startup_group'}),
      (m)-[:ON_BEHALF_OF]->(o:Organisation)
RETURN o.id AS organisation, p.id AS person, m.role AS role, m.anchoring AS anchoring,
       m.start AS from_date, m.end AS to_date
ORDER BY role, organisation, person
