// question: Who held which mandate, for which organisation, in which body on a given date?
// fråga: Vem innehade vilket mandat, för vilken organisation, i vilket organ ett visst datum?
// params: at=2019-10-01
// sections: 3.2, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
// A tenure is half-open and compared on the earliest day its dates may denote:
// it counts when start <= at < end (an open end counts); tenures without a known start are left out.
MATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(b:Body),
      (m)-[:ON_BEHALF_OF]->(o:Organisation)
WHERE m.start_earliest <= $at
  AND (m.end_earliest IS NULL OR m.end_earliest > $at)
RETURN m.id AS membership, p.id AS person, o.id AS organisation, b.id AS body,
       m.role AS role, m.authority AS authority, m.start AS from_date, m.end AS to_date
ORDER BY body, organisation, person
