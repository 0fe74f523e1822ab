// question: Per programme (county and year): how many work-group seats, tenures and replacements were there?
// fråga: Per program (län och år): hur många platser, innehav och ersättare fanns i arbetsgrupperna?
// params: none
// sections: 3.3, 4.1.1, 4.2.1
// A national question: over a dataset (`tmb build DIR`) one row per programme, over one
// programme one row. Turnover is replacements / seats; tenures without a seat are not counted.
MATCH (prog:Body {kind: 'programme'})<-[:PART_OF]-(wg:Body {kind: 'work_group'})
OPTIONAL MATCH (wg)<-[:IN_BODY]-(post:Post)
OPTIONAL MATCH (post)<-[:OF_SEAT]-(m:Membership)
OPTIONAL MATCH (m)-[r:REPLACED]->(:Membership)
WITH prog, count(DISTINCT wg) AS work_groups, count(DISTINCT post) AS seats, count(DISTINCT m) AS tenures,
     count(DISTINCT CASE WHEN r IS NULL THEN NULL ELSE m END) AS replacements
RETURN prog.id AS programme, prog.name AS name, substring(prog.start, 0, 4) AS year,
       work_groups, seats, tenures, replacements
ORDER BY programme
