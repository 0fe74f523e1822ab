// question: For every work-group member, what is the chain of authority: the organisation they sat for, its steering-group seat (holder, role, authority) and their own work-group role and authority?
// fråga: Hur ser mandatkedjan ut för varje arbetsgruppsmedlem: organisationen hen företrädde, dess plats i styrgruppen (innehavare, roll, befogenhet) och medlemmens egen roll och befogenhet i arbetsgruppen?
// params: none
// sections: 3.3, 3.4, 5
MATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(g:Body {kind: 'work_group'}),
      (m)-[:ON_BEHALF_OF]->(o:Organisation)
OPTIONAL MATCH (o)<-[:ON_BEHALF_OF]-(sm:Membership)-[:IN_BODY]->(:Body {kind: 'steering_group'}),
               (sp:Person)-[:HOLDS]->(sm)
RETURN o.id AS organisation, sp.id AS steering_holder, sm.role AS steering_role,
       sm.authority AS steering_authority, g.id AS work_group, p.id AS member,
       m.role AS member_role, m.authority AS member_authority
ORDER BY organisation, work_group, member
