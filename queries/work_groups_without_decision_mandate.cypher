// question: Per programme: how many work groups (and what share) had no member with a mandate to decide for their organisation?
// fråga: Per program: hur många arbetsgrupper (och hur stor andel) saknade en ledamot med mandat att fatta beslut för sin organisation?
// params: none
// sections: 3.4, 4.1.1, 5
// A national question (the missing manager layer of §3.4, per county and year): a work group
// lacks it when none of its tenures has decision_mandate "yes"; the share is rounded to three
// decimals (`tmb query run … --per-programme` adds each programme's county and year).
MATCH (prog:Body {kind: 'programme'})<-[:PART_OF]-(wg:Body {kind: 'work_group'})
OPTIONAL MATCH (wg)<-[:IN_BODY]-(m:Membership {decision_mandate: 'yes'})
WITH prog, wg, count(m) AS deciders
WITH prog, count(wg) AS work_groups, count(CASE WHEN deciders = 0 THEN 1 END) AS without_decision_mandate
RETURN prog.id AS programme, prog.name AS name, work_groups, without_decision_mandate,
       round(1000.0 * without_decision_mandate / work_groups) / 1000.0 AS share
ORDER BY programme
