package demo

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/spf13/cobra"
)

// shownLogins: the administrator, the coordinator and the people of the first stories; the
// rest of the branch is in the console.
const shownLogins = 16

// Command is `duo demo`: it migrates an empty data folder, fills it and prints the logins.
func Command(app core.App) *cobra.Command {
	var password string
	var busy, history int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill an empty data folder with a demo branch, people and duos at every stage",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			if password == "" {
				password = security.RandomString(14)
			}
			logins, err := Seed(app, password, time.Now())
			if err != nil {
				return err
			}
			if busy > 0 {
				login, err := busyBranch(app, password, busy, time.Now())
				if err != nil {
					return err
				}
				logins = append([]Login{login}, logins...)
			}
			if history > 0 {
				if err := historyBranches(app, password, history, time.Now()); err != nil {
					return err
				}
			}
			out := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintf(out, "Demo ready in %s. Every account's password: %s\n\n", app.DataDir(), password)
			fmt.Fprintln(out, "ROLE\tNAME\tEMAIL")
			for _, l := range logins[:min(len(logins), shownLogins)] {
				fmt.Fprintf(out, "%s\t%s\t%s\n", l.Role, l.Name, l.Email)
			}
			if more := len(logins) - shownLogins; more > 0 {
				fmt.Fprintf(out, "... and %d more mentors and mentees (the console's People page lists them)\n", more)
			}
			fmt.Fprintln(out, "\nStart the server with `make run` (or `duo serve`) and sign in.")
			return out.Flush()
		},
	}
	cmd.Flags().StringVar(&password, "password", "", "password of every demo account (random when empty)")
	cmd.Flags().IntVar(&history, "history", 0, "also write this many duos of three years of cohorts across four more branches, drawn at the programme's published rates (what the impact figures are checked on)")
	cmd.Flags().IntVar(&busy, "busy", 0, "also make a busy branch of this many active duos, 26 weekly meetings each (what the console's speed is measured on)")
	return cmd
}
