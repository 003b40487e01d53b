// Package healthcheck is `duo health`: it asks a running server whether it is healthy, for
// container health checks in images that have no curl.
package healthcheck

import (
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// Command checks GET {url}/api/health and exits non-zero unless it answers 200.
func Command() *cobra.Command {
	var base string
	cmd := &cobra.Command{
		Use:   "health",
		Short: "Check that a running duo server answers /api/health (exit 1 if not)",
		RunE: func(cmd *cobra.Command, args []string) error {
			client := &http.Client{Timeout: 5 * time.Second}
			res, err := client.Get(base + "/api/health")
			if err != nil {
				return err
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("%s/api/health answered %s", base, res.Status)
			}
			fmt.Fprintln(cmd.OutOrStdout(), "healthy")
			return nil
		},
	}
	cmd.Flags().StringVar(&base, "url", "http://127.0.0.1:8090", "base URL of the server")
	return cmd
}
