// question: Which figures does the source give for a given activity (participants, municipalities, survey percentages ...)?
// fråga: Vilka siffror anger källan för en viss aktivitet (deltagare, kommuner, enkätandelar ...)?
// params: activity=act-mvk-conference
// sections: 4.1.5, 4.4.4, 4.5.5, 4.6.4, 4.6.5, 4.7.5
MATCH (:Activity {id: $activity})-[:HAS_FIGURE]->(f:Figure)
RETURN f.name AS figure, f.value AS value, f.unit AS unit
ORDER BY figure
