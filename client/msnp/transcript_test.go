package msnp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// TestCapturedEscargotTraffic reads every command of the captured Escargot
// sessions in the direction it was sent. Each must parse; one whose payload
// was captured whole must frame exactly: the announced length equals the
// captured payload, and writing it back gives the captured bytes.
func TestCapturedEscargotTraffic(t *testing.T) {
	files := transcript.Captures(t, "transcripts/*.txt")
	exact := 0
	for _, f := range files {
		lines, err := transcript.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range transcript.MSNP(lines) {
			d := FromServer
			if l.FromMe {
				d = FromClient
			}
			where := fmt.Sprintf("%s:%d %q", filepath.Base(f), l.Number, l.Text)
			_, n, err := ParseLine(d, l.Text)
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			if n > 0 != l.HasBody {
				t.Errorf("%s: payload length %d, but captured body: %v", where, n, l.HasBody)
			}
			if l.Truncated {
				continue
			}
			wire := strings.Join(strings.Fields(l.Text), " ") + "\r\n"
			if n > 0 {
				wire += string(l.PayloadBytes())
			}
			got, err := NewReader(strings.NewReader(wire), d).ReadCommand()
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			out, err := Append(nil, got)
			if err != nil {
				t.Errorf("%s: re-write: %v", where, err)
				continue
			}
			if string(out) != wire {
				t.Errorf("%s: wrote %q, captured %q", where, out, wire)
			}
			exact++
		}
	}
	if exact < 200 {
		t.Fatalf("only %d captured commands checked exactly; the transcripts were not read", exact)
	}
}
