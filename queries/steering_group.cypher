// question: Who sat in the steering group, for which organisation, in which role and with what authority; who chaired it?
// fråga: Vilka satt i styrgruppen, för vilken organisation, i vilken roll och med vilken befogenhet; vem var ordförande?
// params: none
// sections: 3.3
MATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(:Body {kind: 'steering_group'}),
      (m)-[:ON_BEHALF_OF]->(o:Organisation)
RETURN o.id AS organisation, p.id AS person, m.role AS role, m.authority AS authority,
       m.decision_mandate AS decision_mandate, m.start AS from_date, m.end AS to_date
ORDER BY role, organisation
