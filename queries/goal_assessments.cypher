// question: What were each work group's result and process goals, how clear were they, and how does the evaluation assess them?
// fråga: Vilka resultat- och processmål hade varje arbetsgrupp, hur tydliga var de, och hur bedömer utvärderingen dem?
// params: none
// sections: 4.1.2, 4.2.2, 4.3.2, 4.4.2, 4.5.2, 4.6.2, 4.7.2, 5
MATCH (gl:Goal)-[:GOAL_OF]->(b:Body)
RETURN b.id AS body, gl.id AS goal, gl.type AS type, gl.clarity AS clarity,
       gl.assessment AS assessment, gl.deadline AS deadline
ORDER BY body, type
