// question: Which activities fell away (were cancelled, postponed or not carried out) because of Covid-19?
// fråga: Vilka aktiviteter föll bort (ställdes in, sköts upp eller genomfördes inte) på grund av Covid-19?
// params: none
// sections: 4.1.5, 4.2.5, 4.5.5, 4.6.5, 4.7.4, 5
MATCH (a:Activity)-[:BY_BODY]->(b:Body)
WHERE 'covid19' IN a.reasons AND a.happened = false
RETURN a.id AS activity, b.id AS body, a.status AS status, a.plan_item AS plan_item,
       a.planned AS planned, a.title_en AS title_en
ORDER BY body, activity
