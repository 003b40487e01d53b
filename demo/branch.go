package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/duoforajob/duo/lifecycle"
)

// The rest of a busy branch, about forty duos in all, so that the console looks like the one
// a coordinator works in: duos at every stage, some at risk for each reason (no meeting for
// weeks, meetings left unconfirmed, an agreement unsigned, evaluations overdue, a period
// ending), mentees waiting with a good match or none, and people just taken in.
const all = 30 // meetings: every week from the start until today

var branchStories = []story{
	{mentor: "Annick Dewulf", mentee: "Aïcha Benali", stage: lifecycle.Active, startedDaysAgo: 20, meetings: all},
	{mentor: "Bernard Lemaire", mentee: "Bilal Haddad", stage: lifecycle.Active, startedDaysAgo: 35, meetings: all, unconfirmed: 1},
	{mentor: "Chantal Verbeke", mentee: "Chiara Rossi", stage: lifecycle.Active, startedDaysAgo: 50, meetings: all},
	{mentor: "Didier Wauters", mentee: "Dawit Tesfaye", stage: lifecycle.Active, startedDaysAgo: 90, meetings: all},
	{mentor: "Els Maes", mentee: "Esra Yilmaz", stage: lifecycle.Active, startedDaysAgo: 110, meetings: all, unconfirmed: 1},
	{mentor: "Francis Dupont", mentee: "Fatou Diallo", stage: lifecycle.Active, startedDaysAgo: 130, meetings: all},
	{mentor: "Geert Willems", mentee: "Gaspard Nkurunziza", stage: lifecycle.Active, startedDaysAgo: 150, meetings: all},
	{mentor: "Hélène Lambotte", mentee: "Hamza Ouali", stage: lifecycle.Active, startedDaysAgo: 10, meetings: 2},
	{mentor: "Pascale Leclercq", mentee: "Rania Haddad", stage: lifecycle.Active, startedDaysAgo: 25, meetings: all},
	// At risk: no meeting for weeks, meetings unconfirmed, a period ending within two weeks.
	{mentor: "Ivo Goossens", mentee: "Ines Moreira", stage: lifecycle.Active, startedDaysAgo: 60, meetings: 5},
	{mentor: "Jacqueline Simon", mentee: "Jamal Saïdi", stage: lifecycle.Active, startedDaysAgo: 45, meetings: 3},
	{mentor: "Karel Peeters", mentee: "Kofi Asante", stage: lifecycle.Active, startedDaysAgo: 80, meetings: all, unconfirmed: 3},
	{mentor: "Liliane Renard", mentee: "Leyla Rahmani", stage: lifecycle.Active, startedDaysAgo: 100, meetings: all, unconfirmed: 4},
	{mentor: "Michel Claessens", mentee: "Mamadou Bah", stage: lifecycle.Active, startedDaysAgo: 175, meetings: all},
	{mentor: "Nadine Jacobs", mentee: "Nadia Karimi", stage: lifecycle.Active, startedDaysAgo: 178, meetings: all, unconfirmed: 3},
	{mentor: "Oscar Vermeulen", mentee: "Omar Farouk", stage: lifecycle.Active, startedDaysAgo: 70, meetings: 6, unconfirmed: 2},
	// Validated, the agreement awaited: for 12, 8 and 2 days; one signed by the mentor only.
	{mentor: "Roland Mertens", mentee: "Samir Belkacem", stage: lifecycle.Validated, validatedDaysAgo: 12},
	{mentor: "Sabine Desmet", mentee: "Tatiana Popescu", stage: lifecycle.Validated, validatedDaysAgo: 8},
	{mentor: "Thierry Hubert", mentee: "Valentina Ionescu", stage: lifecycle.Validated, validatedDaysAgo: 2},
	{mentor: "Ursula Van Damme", mentee: "Wafaa Mansour", stage: "signed_by_mentor", validatedDaysAgo: 10},
	{mentor: "Vincent Lejeune", mentee: "Yasmine Cherif", stage: lifecycle.Proposed},
	{mentor: "Wim De Smet", mentee: "Zainab Abdi", stage: lifecycle.Proposed},
	{mentor: "Yvette Collard", mentee: "Ahmed Yousef", stage: lifecycle.Proposed},
	// Completed: evaluations overdue, waiting, answered; follow-ups open and answered.
	{mentor: "Xavier Martens", mentee: "Berhane Gebre", stage: lifecycle.Completed, startedDaysAgo: 200, meetings: all},
	{mentor: "Agnès Leroux", mentee: "Dalia Nasser", stage: lifecycle.Completed, startedDaysAgo: 215, meetings: all, answered: "mentor"},
	{mentor: "Benoît Gilson", mentee: "Emeka Obi", stage: lifecycle.Completed, startedDaysAgo: 186, meetings: all},
	{mentor: "Carine Michiels", mentee: "Farah Aziz", stage: lifecycle.Completed, startedDaysAgo: 270, meetings: all, answered: "both"},
	{mentor: "Dirk Janssen", mentee: "Hassan Jaber", stage: lifecycle.Completed, startedDaysAgo: 300, meetings: all, answered: "both"},
	{mentor: "Étienne Noël", mentee: "Ikram Ziani", stage: lifecycle.Completed, startedDaysAgo: 385, meetings: all, answered: "both"},
	{mentor: "Frieda Wouters", mentee: "Juliana Pereira", stage: lifecycle.Completed, startedDaysAgo: 420, meetings: all,
		answered: "both", followupAnswered: true},
	{mentor: "Guy Delvaux", mentee: "Karim Touati", stage: lifecycle.Stopped, startedDaysAgo: 90, meetings: 8,
		stopReason: "Karim a commencé une formation de soudeur à temps plein.", stopCategory: "training"},
	{mentor: "Hilde Pauwels", mentee: "Lina Saleh", stage: lifecycle.Stopped, startedDaysAgo: 40, meetings: 4,
		stopReason: "Contact perdu depuis trois semaines malgré nos appels.", stopCategory: "lost_contact"},
	{mentor: "Marleen Vos", mentee: "Mariam Sow", stage: lifecycle.Declined},
}

// waiting: people taken in and trained who are in no duo yet; Precious and Usman have a
// mentor who suits them well, Oksana and Gulalai none.
var waiting = []struct{ role, name, locale string }{
	{"mentor", "Koenraad Aerts", "nl"}, {"mentor", "Leen Hermans", "nl"},
	{"mentee", "Precious Okafor", "en"}, {"mentee", "Usman Khan", "en"},
	{"mentee", "Oksana Bondar", "en"}, {"mentee", "Gulalai Ahmadi", "fr"},
}

// newcomers: met at intake this week, their accounts made; Isabelle was invited yesterday
// and has not chosen her password yet, the others are still to invite.
var newcomers = []struct {
	role, name  string
	invitedDays int // 0: not invited
}{{"mentor", "Isabelle Moreau", 1}, {"mentor", "Jean-Pierre Denis", 0}, {"mentee", "Nour Hamdan", 0}}

// someone is a person of a story, made once.
func (s *seeder) someone(role, name, locale string) (*core.Record, error) {
	if locale == "" {
		locale = []string{"fr", "fr", "nl", "en"}[len(s.logins)%4]
	}
	return s.person(role, name, email(name), locale)
}

// branchLife adds the branch's other duos, the people waiting and the newcomers.
func (s *seeder) branchLife() error {
	for _, d := range branchStories {
		if err := s.story(d); err != nil {
			return fmt.Errorf("demo duo %s: %w", d.mentor, err)
		}
	}
	for _, w := range waiting {
		if _, err := s.someone(w.role, w.name, w.locale); err != nil {
			return err
		}
	}
	for _, n := range newcomers {
		user, err := s.someone(n.role, n.name, "fr")
		if err != nil {
			return err
		}
		user.SetVerified(false)
		if n.invitedDays > 0 {
			user.Set("invited_at", s.now.Add(-time.Duration(n.invitedDays)*24*time.Hour))
		}
		if err := s.save(user, s.coord); err != nil {
			return err
		}
	}
	return nil
}

// slug is a name's first word as an address's local part: lower case, no accents or spaces.
func slug(name string) string {
	plain := strings.NewReplacer("é", "e", "É", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "î", "i", "ï", "i",
		"ô", "o", "ö", "o", "û", "u", "ü", "u", "ç", "c")
	return strings.ToLower(plain.Replace(strings.Fields(name)[0]))
}
