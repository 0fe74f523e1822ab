// question: Which recipients did each work group's activities reach, and how involved were they (co-creator, participant, passive recipient)?
// fråga: Vilka mottagare nådde varje arbetsgrupps aktiviteter, och hur involverade var de (medskapare, deltagare, passiva mottagare)?
// params: none
// sections: 4.1.5, 4.2.5, 4.3.5, 4.4.4, 4.4.5, 4.5.5, 4.6.5, 4.7.5, 5
MATCH (g:Body {kind: 'work_group'})<-[:BY_BODY]-(a:Activity)-[r:REACHED]->(x)
RETURN g.id AS work_group, x.id AS recipient, labels(x)[0] AS recipient_type,
       r.involvement AS involvement, count(DISTINCT a) AS activities
ORDER BY work_group, recipient, involvement
