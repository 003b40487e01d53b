package lifecycle

// The mentoring agreement's framework (seed 001, step 6), written into each agreement in the
// branch's language when the duo is validated. A coordinator may adapt it until someone signs.
var commitments = map[string]string{
	"en": `Mentoring agreement - DUO for a JOB

The mentor and the mentee agree to:
1. Meet once a week, for about two hours, for at most six months from the day both have signed.
2. Log each meeting in the app (the mentor) and confirm it (the mentee).
3. Work together on the objectives they set, which the mentee owns.
4. Keep what is shared in the duo confidential.
5. Treat each other with respect, whatever their age, origin, beliefs or opinions.
6. Keep the relationship free of money, gifts and services for pay.
7. Warn the other and the coordinator in good time when a meeting cannot take place.
8. Contact the coordinator for any difficulty; the coordinator supervises the duo throughout.
9. Answer the evaluation at the end of the period and the follow-up questions afterwards.`,
	"fr": `Convention de mentorat - DUO for a JOB

Le mentor et le mentoré s'engagent à :
1. Se rencontrer une fois par semaine, environ deux heures, pendant six mois au plus à compter du jour où tous deux ont signé.
2. Consigner chaque rencontre dans l'application (le mentor) et la confirmer (le mentoré).
3. Travailler ensemble aux objectifs fixés, qui appartiennent au mentoré.
4. Garder confidentiel ce qui se partage au sein du duo.
5. Se respecter mutuellement, quels que soient l'âge, l'origine, les convictions ou les opinions de chacun.
6. Tenir la relation à l'écart de l'argent, des cadeaux et des services rémunérés.
7. Prévenir l'autre et le coordinateur à temps lorsqu'une rencontre ne peut avoir lieu.
8. S'adresser au coordinateur pour toute difficulté ; le coordinateur accompagne le duo tout au long du parcours.
9. Répondre à l'évaluation de fin de parcours puis aux questions de suivi.`,
	"nl": `Mentoringovereenkomst - DUO for a JOB

De mentor en de mentee verbinden zich ertoe:
1. Elkaar één keer per week te ontmoeten, ongeveer twee uur, gedurende hoogstens zes maanden vanaf de dag waarop beiden hebben getekend.
2. Elke ontmoeting in de app te registreren (de mentor) en te bevestigen (de mentee).
3. Samen te werken aan de gestelde doelen, die van de mentee zijn.
4. Vertrouwelijk te houden wat binnen de duo gedeeld wordt.
5. Elkaar te respecteren, ongeacht leeftijd, afkomst, overtuigingen of meningen.
6. De relatie vrij te houden van geld, geschenken en betaalde diensten.
7. De ander en de coördinator tijdig te verwittigen wanneer een ontmoeting niet kan doorgaan.
8. Zich bij elke moeilijkheid tot de coördinator te wenden; de coördinator begeleidt de duo het hele traject.
9. De evaluatie aan het einde van het traject en de opvolgingsvragen nadien te beantwoorden.`,
}

// Commitments is the agreement text in a language, English if the language is unknown.
func Commitments(locale string) string {
	if text, ok := commitments[locale]; ok {
		return text
	}
	return commitments["en"]
}
