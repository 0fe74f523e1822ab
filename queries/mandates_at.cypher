// question: Who held which mandate, for which organisation, in which body on a given date?
// fråga: Vem innehade vilket mandat, för vilken organisation, i vilket organ ett visst datum?
// params: at=2019-10-01
// sections: 3.2, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
// The rule of tmb_graph.analysis.projection.held_on (README, "Dates and tenures"): a tenure is
// half-open and compared on the earliest day its dates may denote — held when start <= at < end
// (an open end counts); a tenure without a known start counts from its body's start: held when
// its end is after at (or open) and the body existed on at (a body without dates always did).
MATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(b:Body),
      (m)-[:ON_BEHALF_OF]->(o:Organisation)
// an unknown bound is the first or last day there is, so $at must be an ISO date to match anything
WHERE coalesce(m.end_earliest, '9999-12-31') > $at
  AND (m.start_earliest <= $at
       OR (m.start_earliest IS NULL
           AND coalesce(b.start_earliest, '0001-01-01') <= $at
           AND coalesce(b.end_earliest, '9999-12-31') > $at))
RETURN m.id AS membership, p.id AS person, o.id AS organisation, b.id AS body,
       m.role AS role, m.authority AS authority, m.start AS from_date, m.end AS to_date
ORDER BY body, organisation, person
