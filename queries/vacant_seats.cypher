// question: Which seats fell vacant before their body ended, i.e. a holder left and nobody took the seat afterwards?
// fråga: Vilka platser blev vakanta innan organet upphörde, dvs. innehavaren lämnade och ingen tog platsen därefter?
// params: none
// sections: 4.1.1, 4.2.1, 4.3.1, 4.4.1, 4.6.1
// the latest start of each seat once, instead of an OPTIONAL MATCH of the later tenures per tenure
MATCH (post:Post)<-[:OF_SEAT]-(later:Membership)
WITH post, max(later.start_earliest) AS last_start
MATCH (post)-[:IN_BODY]->(b:Body), (post)-[:ON_BEHALF_OF]->(o:Organisation),
      (p:Person)-[:HOLDS]->(m:Membership)-[:OF_SEAT]->(post)
WHERE m.end_earliest < b.end_earliest AND (last_start IS NULL OR last_start < m.end_earliest)
WITH DISTINCT post, b, o, m, p
RETURN post.id AS seat, b.id AS body, o.id AS organisation, p.id AS last_holder,
       m.end AS vacant_from, b.end AS body_end
ORDER BY seat
