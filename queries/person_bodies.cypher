// question: In which bodies did a given person sit, for whom, in which role and when?
// fråga: I vilka organ satt en viss person, för vilken organisation, i vilken roll och när?
// params: person=p-kfsk-vu
// sections: 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.6.1
MATCH (p:Person {id: $person})-[:HOLDS]->(m:Membership)-[:IN_BODY]->(b:Body),
      (m)-[:ON_BEHALF_OF]->(o:Organisation)
RETURN b.id AS body, b.kind AS body_kind, o.id AS organisation, m.role AS role,
       m.id AS membership, m.start AS from_date, m.end AS to_date
ORDER BY body
