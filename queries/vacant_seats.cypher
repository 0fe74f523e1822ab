// question: Which seats fell vacant before their body ended, i.e. a holder left and nobody took the seat afterwards?
// fråga: Vilka platser blev vakanta innan organet upphörde, dvs. innehavaren lämnade och ingen tog platsen därefter?
// params: none
// sections: 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.6.1
MATCH (post:Post)-[:IN_BODY]->(b:Body), (post)-[:ON_BEHALF_OF]->(o:Organisation),
      (p:Person)-[:HOLDS]->(m:Membership)-[:OF_SEAT]->(post)
WHERE m.end_earliest < b.end_earliest
OPTIONAL MATCH (later:Membership)-[:OF_SEAT]->(post)
WHERE later.start_earliest >= m.end_earliest
WITH post, b, o, m, p, count(later) AS successors
WHERE successors = 0
RETURN post.id AS seat, b.id AS body, o.id AS organisation, p.id AS last_holder,
       m.end AS vacant_from, b.end AS body_end
ORDER BY seat
