// question: Which links of the graph are the dataset's own readings rather than stated by the source, and why (the note)?
// fråga: Vilka kopplingar i grafen är datamängdens egna tolkningar snarare än uttalade i källan, och varför (anteckningen)?
// params: none
// sections: 2.4, 3.1, 4.1.1, 4.1.4, 4.4.4, 4.4.5, 5
MATCH (n)-[d:DERIVED_FROM]->(s:Section)
WHERE d.inferred = true
RETURN n.id AS subject, 'derived_from' AS link, null AS object, s.number AS section, d.note AS note
UNION ALL
MATCH (n)-[d:ASSESSMENT_FROM|STATUS_FROM]->(s:Section)
WHERE d.inferred = true
RETURN n.id AS subject, 'verdict_from' AS link, null AS object, s.number AS section, d.note AS note
UNION ALL
MATCH (ag)-[o:ORGANISED]->(a:Activity)
WHERE o.inferred = true
RETURN ag.id AS subject, 'organised' AS link, a.id AS object, null AS section, null AS note
UNION ALL
MATCH (a:Activity)-[r:REACHED]->(x)
WHERE r.inferred = true
RETURN a.id AS subject, 'reached' AS link, x.id AS object, null AS section, r.note AS note
UNION ALL
MATCH (b:Body)-[r:HAS_MEMBER|CONVENED_BY|SIGNED_BY]->(o:Organisation)
WHERE r.inferred = true
RETURN b.id AS subject,
       CASE type(r) WHEN 'HAS_MEMBER' THEN 'has_member' WHEN 'CONVENED_BY' THEN 'convened_by' ELSE 'signed_by' END AS link,
       o.id AS object, r.section AS section, r.note AS note
