// question: In which bodies did a given person sit for certain, and in which may they have sat as one of the candidates the source leaves open?
// fråga: I vilka organ satt en viss person säkert, och i vilka kan hen ha suttit som en av flera möjliga personer som källan lämnar öppet?
// params: person=p-lst-coord-1
// sections: 3.2, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
MATCH (p:Person {id: $person})-[:HOLDS]->(m:Membership)-[:IN_BODY]->(b:Body)
RETURN b.id AS body, m.id AS membership, p.id AS via_person, true AS certain
UNION
MATCH (p:Person)-[:IDENTITY_AMONG]->(:Person {id: $person}),
      (p)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(b:Body)
RETURN b.id AS body, m.id AS membership, p.id AS via_person, false AS certain
