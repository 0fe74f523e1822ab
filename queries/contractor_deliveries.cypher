// question: What did contractors (Stiftelsen Tryggare Sverige) deliver, for which body, and when?
// fråga: Vad levererade upphandlade aktörer (Stiftelsen Tryggare Sverige), åt vilket organ och när?
// params: none
// sections: 4.3.4, 4.3.5, 4.6.4, 4.6.5, 4.7.5
MATCH (c)-[:ORGANISED {role: 'contractor'}]->(a:Activity)-[:BY_BODY]->(b:Body)
RETURN c.id AS contractor, a.id AS activity, b.id AS body, a.status AS status,
       a.start AS from_date, a.end AS to_date
ORDER BY contractor, from_date, activity
