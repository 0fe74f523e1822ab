// question: Which activities were affected by a given reason, with their body and status?
// fråga: Vilka aktiviteter påverkades av en viss orsak, och vilket organ och vilken status hade de?
// params: reason=national_assignment
// sections: 4.1.4, 4.1.5, 4.2.5, 4.3.4, 4.3.5, 4.4.4, 4.5.5, 4.6.5, 4.7.4, 5
MATCH (a:Activity)-[:BY_BODY]->(b:Body)
WHERE $reason IN a.reasons
RETURN a.id AS activity, b.id AS body, a.status AS status, a.happened AS happened,
       a.plan_item AS plan_item
ORDER BY body, activity
