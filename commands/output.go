package commands

import (
	"encoding/json"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeRows prints rows as an aligned table with a header on a terminal,
// and as tab-separated lines without a header otherwise (for cut and awk).
// Tabs and newlines inside values are replaced by spaces so every row
// stays one line.
func writeRows(w io.Writer, header []string, rows [][]string) error {
	clean := func(v string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(v) }
	if !isTerminal(w) {
		var b strings.Builder
		for _, row := range rows {
			for i, v := range row {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(clean(v))
			}
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	io.WriteString(tw, strings.Join(header, "\t")+"\n")
	for _, row := range rows {
		for i := range row {
			row[i] = clean(row[i])
		}
		io.WriteString(tw, strings.Join(row, "\t")+"\n")
	}
	return tw.Flush()
}

// writeJSON prints v as one JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONLine prints v as one line of JSON (for JSON lines output).
func writeJSONLine(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
