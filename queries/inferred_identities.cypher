// question: Which persons' identities rest on our reading: left open among candidates, or inferred for the person record or for one of their tenures?
// fråga: Vilka personers identitet vilar på vår tolkning: lämnad öppen mellan flera möjliga personer, eller tolkad för personen eller för något av hens uppdrag?
// params: none
// sections: 2.4, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.6.1
MATCH (p:Person)-[d:DERIVED_FROM]->(:Section)
OPTIONAL MATCH (p)-[:IDENTITY_AMONG]->(c:Person)
// one hop per OPTIONAL MATCH (FalkorDB expands it in batches; two hops with an edge filter ran once per person)
OPTIONAL MATCH (p)-[:HOLDS]->(m:Membership)
OPTIONAL MATCH (m)-[dm:DERIVED_FROM]->(:Section)
WITH p, d.inferred AS person_inferred, count(DISTINCT c) AS candidates,
     count(DISTINCT CASE WHEN dm.inferred = true THEN m END) AS inferred_memberships
WHERE person_inferred OR candidates > 0 OR inferred_memberships > 0
RETURN p.id AS person, person_inferred, candidates, inferred_memberships
ORDER BY person
