// question: Which organisation convened each work group, and who held its convener seat when?
// fråga: Vilken organisation var sammankallande i varje arbetsgrupp, och vem innehade den sammankallande platsen när?
// params: none
// sections: 3.3, 4.1.1, 4.2.1, 4.2.5, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
MATCH (g:Body {kind: 'work_group'})-[:CONVENED_BY]->(o:Organisation)
OPTIONAL MATCH (g)<-[:IN_BODY]-(post:Post {role: 'convener'})-[:ON_BEHALF_OF]->(o),
               (post)<-[:OF_SEAT]-(m:Membership)<-[:HOLDS]-(p:Person)
RETURN g.id AS work_group, o.id AS convener, p.id AS person,
       m.start AS from_date, m.end AS to_date
ORDER BY work_group, from_date
