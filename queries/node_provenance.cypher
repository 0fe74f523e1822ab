// question: On which source sections does a given node rest, with what evidence, is the link stated or inferred, and which sections say more?
// fråga: På vilka avsnitt i källan vilar en viss nod, med vilket belägg, är kopplingen uttalad eller tolkad, och vilka avsnitt säger mer?
// params: node=m-far-kfsk-1
// sections: 4.2.1, 4.3.1, 4.4.1
MATCH (n {id: $node})-[d:DERIVED_FROM]->(s:Section)
RETURN 'derived_from' AS link, s.number AS section, d.evidence AS evidence,
       d.inferred AS inferred, d.footnote AS footnote, d.note AS note
UNION
MATCH (n {id: $node})-[:SEE_ALSO]->(s:Section)
RETURN 'see_also' AS link, s.number AS section, null AS evidence,
       null AS inferred, null AS footnote, null AS note
