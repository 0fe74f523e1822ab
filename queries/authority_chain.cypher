// question: For every work-group member, what is the chain of authority: the organisation they sat for, its steering-group seat (holder, role, authority) and their own work-group role and authority?
// fråga: Hur ser mandatkedjan ut för varje arbetsgruppsmedlem: organisationen hen företrädde, dess plats i styrgruppen (innehavare, roll, befogenhet) och medlemmens egen roll och befogenhet i arbetsgruppen?
// params: none
// sections: 3.3, 3.4, 5
// each side matched once and joined per organisation (an OPTIONAL MATCH per member row walked
// every tenure of the organisation again: 1.2 s at 10^6 triples)
CALL {
  MATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(g:Body {kind: 'work_group'}),
        (m)-[:ON_BEHALF_OF]->(o:Organisation)
  RETURN o, [g.id, p.id, m.role, m.authority] AS member, null AS seat
  UNION ALL
  MATCH (sp:Person)-[:HOLDS]->(sm:Membership)-[:IN_BODY]->(:Body {kind: 'steering_group'}),
        (sm)-[:ON_BEHALF_OF]->(o:Organisation)
  RETURN o, null AS member, [sp.id, sm.role, sm.authority] AS seat
}
WITH o, collect(member) AS members, collect(seat) AS seats
WHERE size(members) > 0
UNWIND members AS w
UNWIND CASE WHEN size(seats) = 0 THEN [[null, null, null]] ELSE seats END AS s
RETURN o.id AS organisation, s[0] AS steering_holder, s[1] AS steering_role,
       s[2] AS steering_authority, w[0] AS work_group, w[1] AS member,
       w[2] AS member_role, w[3] AS member_authority
ORDER BY organisation, work_group, member
