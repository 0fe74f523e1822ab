// question: Which municipalities joined the EST pilot, how involved were they, and does the link rest on our reading?
// fråga: Vilka kommuner anslöt sig till EST-piloten, hur involverade var de, och vilar kopplingen på vår tolkning?
// params: none
// sections: 4.4.4, 4.4.5, 5
// the pilot by its local id in whichever programme holds it: over a dataset's union ids are qualified
// by the node's `programme` (`skane-2018-2020.act-est-pilot`), within one programme they are not
MATCH (e:Activity)
WHERE e.id = coalesce(e.programme + '.', '') + 'act-est-pilot'
MATCH (e)-[r:REACHED]->(o:Organisation {type: 'municipality'})
RETURN o.id AS municipality, o.name AS name, r.involvement AS involvement, r.inferred AS inferred
ORDER BY municipality
