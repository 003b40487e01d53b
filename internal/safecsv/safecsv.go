// Package safecsv writes CSV files that a spreadsheet opens without running any cell as a formula.
package safecsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// Cell is one value of a line: a text, neutralised when written, or a number, written as it
// is so that a spreadsheet still reads it as a number.
type Cell struct {
	value  string
	number bool
}

// Text is a cell of text (a name, a code, a date, a label).
func Text(s string) Cell { return Cell{value: s} }

// Int is a whole number.
func Int(n int) Cell { return Cell{value: strconv.Itoa(n), number: true} }

// Float is a number with that many decimals.
func Float(f float64, decimals int) Cell {
	return Cell{value: strconv.FormatFloat(f, 'f', decimals, 64), number: true}
}

// Texts turns each string into a text cell (a header line).
func Texts(values ...string) []Cell {
	cells := make([]Cell, len(values))
	for i, v := range values {
		cells[i] = Text(v)
	}
	return cells
}

// formulaStarts are the first characters with which a spreadsheet reads a cell as a formula
// or a command (OWASP, CSV injection): = + - @, a tab, a carriage return.
const formulaStarts = "=+-@\t\r"

// Neutralise makes a text cell inert: one that starts like a formula gets a leading single
// quote, which spreadsheets show as text.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune(formulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}

// Writer writes lines of cells; every CSV the server answers goes through it.
type Writer struct{ w *csv.Writer }

// NewWriter writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one line, its text cells neutralised.
func (w *Writer) Write(cells []Cell) error {
	line := make([]string, len(cells))
	for i, c := range cells {
		line[i] = c.value
		if !c.number {
			line[i] = Neutralise(c.value)
		}
	}
	return w.w.Write(line)
}

// Flush sends what is buffered to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error is the first error of a Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
