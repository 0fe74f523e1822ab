// question: When did each work group first meet (as written, its precision and earliest possible day)?
// fråga: När sammanträdde varje arbetsgrupp första gången (som det står, med precision och tidigaste möjliga dag)?
// params: none
// sections: 4.1.4, 4.2.4, 4.3.4, 4.4.4, 4.5.4, 4.6.4, 4.7.4
MATCH (g:Body {kind: 'work_group'})
WHERE g.first_meeting IS NOT NULL
RETURN g.id AS work_group, g.first_meeting AS first_meeting,
       g.first_meeting_precision AS precision, g.first_meeting_earliest AS earliest
ORDER BY earliest, work_group
