// question: Which municipalities joined the EST pilot, how involved were they, and does the link rest on our reading?
// fråga: Vilka kommuner anslöt sig till EST-piloten, hur involverade var de, och vilar kopplingen på vår tolkning?
// params: none
// sections: 4.4.4, 4.4.5, 5
MATCH (:Activity {id: 'act-est-pilot'})-[r:REACHED]->(o:Organisation {type: 'municipality'})
RETURN o.id AS municipality, o.name AS name, r.involvement AS involvement, r.inferred AS inferred
ORDER BY municipality
