// question: Which organisations were members of the most work groups?
// fråga: Vilka organisationer ingick i flest arbetsgrupper?
// params: none
// sections: 1, 3.3, 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.5.1, 4.6.1, 4.7.1
MATCH (g:Body {kind: 'work_group'})-[:HAS_MEMBER]->(o:Organisation)
RETURN o.id AS organisation, o.name AS name, count(DISTINCT g) AS work_groups
ORDER BY work_groups DESC, organisation
