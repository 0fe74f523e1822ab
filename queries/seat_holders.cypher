// question: Who held a given seat, in order, and whom did each holder replace?
// fråga: Vilka innehade en viss plats, i tidsordning, och vem ersatte vem?
// params: seat=post-far-kv
// sections: 4.1.1, 4.2.1, 4.2.5, 4.3.1, 4.4.1, 4.6.1
MATCH (post:Post {id: $seat})<-[:OF_SEAT]-(m:Membership)<-[:HOLDS]-(p:Person)
OPTIONAL MATCH (m)-[:REPLACED]->(prev:Membership)<-[:HOLDS]-(pp:Person)
RETURN m.id AS membership, p.id AS person, m.start AS from_date, m.end AS to_date,
       m.start_earliest AS from_earliest, prev.id AS replaces, pp.id AS replaced_person
ORDER BY from_earliest, membership
