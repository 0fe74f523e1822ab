// question: Which organisations are members of each work group, and which of them convenes it?
// fråga: Vilka organisationer ingår i varje arbetsgrupp, och vilken av dem är sammankallande?
// params: none
// sections: 1, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
MATCH (g:Body {kind: 'work_group'})-[m:HAS_MEMBER]->(o:Organisation)
OPTIONAL MATCH (g)-[c:CONVENED_BY]->(o)
RETURN g.id AS work_group, o.id AS organisation, c IS NOT NULL AS convener, m.inferred AS inferred
ORDER BY work_group, organisation
