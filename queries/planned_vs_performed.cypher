// question: Per work group, how many items of its activity plan were planned, how many were carried out (fully or partly), and how many fully?
// fråga: Hur många punkter i arbetsgruppens aktivitetsplan planerades, hur många genomfördes (helt eller delvis) och hur många helt?
// params: none
// sections: 4.1.5, 4.2.5, 4.3.5, 4.4.4, 4.4.5, 4.5.5, 4.6.5, 4.7.5, 5
// An item counts once: a plan item that is part of another plan item (a campaign round) is not counted again.
MATCH (g:Body {kind: 'work_group'})<-[:BY_BODY]-(a:Activity {plan_item: true})
// the parent's plan_item tested in the count: an OPTIONAL MATCH with a filter ran once per activity
OPTIONAL MATCH (a)-[:PART_OF]->(parent:Activity)
WITH g, a, count(CASE WHEN parent.plan_item = true THEN parent END) AS parents
WHERE parents = 0
RETURN g.id AS work_group, count(a) AS planned,
       count(CASE WHEN a.happened THEN 1 END) AS carried_out,
       count(CASE WHEN a.status = 'performed' THEN 1 END) AS fully_performed
ORDER BY work_group
