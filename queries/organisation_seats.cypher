// question: Which seats did a given organisation hold, in which bodies and roles, and how many people held each?
// fråga: Vilka platser hade en viss organisation, i vilka organ och roller, och hur många personer innehade var och en?
// params: org=org-kfsk
// sections: 3.2, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.5.1, 4.6.1
MATCH (:Organisation {id: $org})<-[:ON_BEHALF_OF]-(post:Post)-[:IN_BODY]->(b:Body)
OPTIONAL MATCH (post)<-[:OF_SEAT]-(m:Membership)
RETURN post.id AS seat, b.id AS body, post.role AS role, post.authority AS authority,
       count(DISTINCT m) AS holders
ORDER BY body, seat
