package healthcheck

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthAnswersWithTheServersState(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		healthy bool
	}{
		{"a healthy server", http.StatusOK, true},
		{"a server in trouble", http.StatusServiceUnavailable, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/api/health" {
					t.Errorf("asked %s", r.URL.Path)
				}
				w.WriteHeader(c.status)
			}))
			defer srv.Close()
			cmd := Command()
			cmd.SetArgs([]string{"--url", srv.URL})
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			if err := cmd.Execute(); (err == nil) != c.healthy {
				t.Errorf("healthy=%v, error %v", c.healthy, err)
			}
		})
	}
	t.Run("no server", func(t *testing.T) {
		cmd := Command()
		cmd.SetArgs([]string{"--url", "http://127.0.0.1:1"})
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if cmd.Execute() == nil {
			t.Error("a server that does not answer is not healthy")
		}
	})
}
