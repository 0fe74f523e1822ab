// question: How many activities are there by status and by reason (an activity with several reasons counts once per reason)?
// fråga: Hur många aktiviteter finns per status och per orsak (en aktivitet med flera orsaker räknas en gång per orsak)?
// params: none
// sections: 4.1.5, 4.2.5, 4.3.5, 4.4.4, 4.5.5, 4.6.5, 4.7.5, 5
MATCH (a:Activity)
UNWIND CASE WHEN size(a.reasons) = 0 THEN [null] ELSE a.reasons END AS reason
RETURN a.status AS status, a.happened AS happened, reason, count(*) AS activities
ORDER BY status, reason
