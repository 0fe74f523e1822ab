// question: What did Kommunförbundet Skåne's review of its mission ripple into: in which bodies were its representatives replaced, and which activities of groups it sat in fell behind because of partner review or withdrawal?
// fråga: Vad fick Kommunförbundet Skånes översyn av sitt uppdrag för följder: i vilka organ byttes dess representanter ut, och vilka aktiviteter i grupper där förbundet ingick försenades eller föll bort på grund av översynen eller ett tillbakadragande?
// params: none
// sections: 4.1.1, 4.2.1, 4.3.1, 4.3.4, 4.3.5, 4.4.1, 4.6.1, 4.6.5
// KFSK by its local id in whichever programme holds it: over a dataset's union ids are qualified
// by the node's `programme` (`skane-2018-2020.org-kfsk`), within one programme they are not
MATCH (k:Organisation)
WHERE k.id = coalesce(k.programme + '.', '') + 'org-kfsk'
MATCH (k)<-[:ON_BEHALF_OF]-(succ:Membership)-[:REPLACED]->(prev:Membership),
      (succ)-[:IN_BODY]->(b:Body)
RETURN 'replacement' AS effect, b.id AS body, succ.id AS item, prev.id AS detail, succ.start AS date
UNION
MATCH (k:Organisation)
WHERE k.id = coalesce(k.programme + '.', '') + 'org-kfsk'
MATCH (k)<-[:HAS_MEMBER]-(b:Body)<-[:BY_BODY]-(a:Activity)
UNWIND a.reasons AS reason
WITH a, b, reason
WHERE reason IN ['partner_internal_review', 'organiser_withdrew']
RETURN 'activity' AS effect, b.id AS body, a.id AS item, reason AS detail, a.planned AS date
