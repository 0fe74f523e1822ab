// question: Which representatives were replaced, by whom, in which body and for which organisation?
// fråga: Vilka representanter ersattes, av vem, i vilket organ och för vilken organisation?
// params: none
// sections: 4.1.1, 4.2.1, 4.2.5, 4.3.1, 4.4.1, 4.6.1
MATCH (succ:Membership)-[:REPLACED]->(prev:Membership),
      (sp:Person)-[:HOLDS]->(succ), (pp:Person)-[:HOLDS]->(prev),
      (succ)-[:IN_BODY]->(b:Body), (succ)-[:ON_BEHALF_OF]->(o:Organisation)
RETURN b.id AS body, o.id AS organisation, pp.id AS predecessor, sp.id AS successor,
       prev.end AS predecessor_until, succ.start AS successor_from
ORDER BY body, organisation
