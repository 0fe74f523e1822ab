// question: Which signatories of the programme held no seat in any work group?
// fråga: Vilka av programmets undertecknare hade ingen plats i någon arbetsgrupp?
// params: none
// sections: 1, 3.1, 3.3
MATCH (prog:Body {kind: 'programme'})-[:SIGNED_BY]->(o:Organisation)
OPTIONAL MATCH (o)<-[:ON_BEHALF_OF]-(post:Post)-[:IN_BODY]->(:Body {kind: 'work_group'})
WITH prog, o, count(post) AS seats
WHERE seats = 0
RETURN prog.id AS programme, o.id AS organisation, o.name AS name
ORDER BY organisation
