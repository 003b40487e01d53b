package demo

import (
	"github.com/pocketbase/dbx"
)

// caseNotes fills the coordinator's working file: what she noted at the intakes held this
// week and on two duos under way; then the branch plans its check-ins (a month and three
// months in), which the duos that start from now on get.
func (s *seeder) caseNotes() error {
	var intakes []struct {
		Session string `db:"session"`
		Person  string `db:"person"`
	}
	err := s.app.DB().NewQuery(`SELECT a.session, a.person FROM attendance a JOIN sessions s ON s.id = a.session
		WHERE s.branch = {:b} AND s.kind = 'intake' AND a.state = 'attended' ORDER BY s.starts_at`).
		Bind(dbx.Params{"b": s.branch.Id}).All(&intakes)
	if err != nil {
		return err
	}
	intakeWords := []string{
		"Très motivée, parle bien anglais, le néerlandais reste difficile. Cherche dans la logistique.",
		"Ancien comptable, disponible le mardi et le jeudi. Souhaite accompagner quelqu'un en reconversion.",
	}
	for i, in := range intakes {
		if _, err := s.record("case_notes", s.coord, map[string]any{"person": in.Person, "session": in.Session,
			"text": intakeWords[i%len(intakeWords)]}); err != nil {
			return err
		}
	}
	duos, err := s.app.FindRecordsByFilter("duos", "branch = {:b} && status = 'active'", "created", 2, 0, dbx.Params{"b": s.branch.Id})
	if err != nil {
		return err
	}
	duoWords := []string{
		"Point à un mois : le CV est prêt, les rencontres ont lieu chaque semaine. Prochaine étape : simuler un entretien.",
		"Le mentor trouve le rythme difficile ; à revoir au prochain point.",
	}
	for i, d := range duos {
		if _, err := s.record("case_notes", s.coord, map[string]any{"duo": d.Id, "text": duoWords[i]}); err != nil {
			return err
		}
	}
	_, err = s.update(s.branch, nil, map[string]any{"checkin_after_months": "1,3"})
	return err
}
