// question: Which recipients did each work group's activities reach, and how involved were they (co-creator, participant, passive recipient)?
// fråga: Vilka mottagare nådde varje arbetsgrupps aktiviteter, och hur involverade var de (medskapare, deltagare, passiva mottagare)?
// params: none
// sections: 4.1.5, 4.2.5, 4.3.5, 4.4.4, 4.4.5, 4.5.5, 4.6.5, 4.7.5, 5
// count(a), not count(DISTINCT a): an activity reaches a recipient once (the reach's IRI is made
// of both, and a second involvement fails the shapes' maxCount) and has one body, so no activity
// is counted twice in a row; DISTINCT was 47 % of the server's time over the national union
MATCH (g:Body {kind: 'work_group'})<-[:BY_BODY]-(a:Activity)-[r:REACHED]->(x)
RETURN g.id AS work_group, x.id AS recipient, labels(x)[0] AS recipient_type,
       r.involvement AS involvement, count(a) AS activities
ORDER BY work_group, recipient, involvement
