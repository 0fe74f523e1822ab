// question: Which organisation convened each work group, and who held its convener seat when?
// fråga: Vilken organisation var sammankallande i varje arbetsgrupp, och vem innehade den sammankallande platsen när?
// params: none
// sections: 3.3, 4.1.1, 4.2.1, 4.2.5, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
// the convener seats matched once and joined per work group and organisation (an OPTIONAL MATCH
// of three hops ran once per row)
CALL {
  MATCH (g:Body {kind: 'work_group'})-[:CONVENED_BY]->(o:Organisation)
  RETURN g, o, 1 AS convened, null AS holder
  UNION ALL
  MATCH (g:Body {kind: 'work_group'})<-[:IN_BODY]-(post:Post {role: 'convener'})-[:ON_BEHALF_OF]->(o:Organisation),
        (post)<-[:OF_SEAT]-(m:Membership)<-[:HOLDS]-(p:Person)
  RETURN g, o, null AS convened, [p.id, m.start, m.end] AS holder
}
WITH g, o, collect(convened) AS convened, collect(holder) AS holders
WHERE size(convened) > 0
UNWIND convened AS c
UNWIND CASE WHEN size(holders) = 0 THEN [[null, null, null]] ELSE holders END AS h
RETURN g.id AS work_group, o.id AS convener, h[0] AS person, h[1] AS from_date, h[2] AS to_date
ORDER BY work_group, from_date
