// question: Which municipalities took part as co-creators (their needs shaped the content), through how many work groups and activities?
// fråga: Vilka kommuner deltog som medskapare (deras behov formade innehållet), genom hur många arbetsgrupper och aktiviteter?
// params: none
// sections: 4.4.4, 4.4.5, 4.6.5, 5
MATCH (g:Body)<-[:BY_BODY]-(a:Activity)-[:REACHED {involvement: 'co_creator'}]->(o:Organisation {type: 'municipality'})
RETURN o.id AS municipality, o.name AS name, count(DISTINCT g) AS work_groups,
       count(DISTINCT a) AS activities
ORDER BY municipality
