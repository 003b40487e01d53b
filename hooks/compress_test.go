package hooks_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	. "github.com/duoforajob/duo/internal/testkit"
)

// An answer is gzipped when the client accepts it and it is big enough to gain, and says
// so; unzipped, it is the answer a client that does not accept gzip gets.
func TestAnswersAreCompressedWhenAccepted(t *testing.T) {
	app := App(t)
	h := Handler(t, app)
	cases := []struct {
		name, caller, url string
		compressed        bool
	}{
		{"a coordinator's first pull page", Coord, "/api/sync/pull?limit=1000", true},
		{"a list of records", Coord, "/api/collections/users/records?perPage=200", true},
		{"a small answer stays as it is", Coord, "/api/collections/users/records?perPage=1&fields=id", false},
		{"an error", Anonymous, "/api/collections/duos/records/nosuchrecord000", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plain := SendWith(t, h, c.caller, "GET", c.url, "", nil)
			if strings.Contains(c.url, "/sync/") && plain.Code != 200 {
				t.Fatalf("%d %s", plain.Code, plain.Body)
			}
			zipped := SendWith(t, h, c.caller, "GET", c.url, "", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
			if got := zipped.Header().Get("Content-Encoding") == "gzip"; got != c.compressed {
				t.Fatalf("compressed: %v, want %v (%d bytes)", got, c.compressed, plain.Body.Len())
			}
			if plain.Header().Get("Content-Encoding") != "" {
				t.Error("compressed for a client that did not ask")
			}
			body := zipped.Body.Bytes()
			if c.compressed {
				r, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(r); err != nil {
					t.Fatal(err)
				}
				t.Logf("%d bytes, %d gzipped", plain.Body.Len(), zipped.Body.Len())
			}
			var a, b any
			_, _ = json.Unmarshal(body, &a), json.Unmarshal(plain.Body.Bytes(), &b)
			if zipped.Code != plain.Code || !reflect.DeepEqual(a, b) {
				t.Errorf("%d %s\nnot the plain %d %s", zipped.Code, body, plain.Code, plain.Body)
			}
		})
	}
}
