package demo

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/spf13/cobra"
)

// Command is `duo demo`: it migrates an empty data folder, fills it and prints the logins.
func Command(app core.App) *cobra.Command {
	var password string
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
			out := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintf(out, "Demo ready in %s. Every account's password: %s\n\n", app.DataDir(), password)
			fmt.Fprintln(out, "ROLE\tNAME\tEMAIL")
			for _, l := range logins {
				fmt.Fprintf(out, "%s\t%s\t%s\n", l.Role, l.Name, l.Email)
			}
			fmt.Fprintln(out, "\nStart the server with `make run` (or `duo serve`) and sign in.")
			return out.Flush()
		},
	}
	cmd.Flags().StringVar(&password, "password", "", "password of every demo account (random when empty)")
	return cmd
}
