package contacts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
	"github.com/msn-cli/msn/client/msnp"
)

// serverLines parses the captured server lines of one session.
func serverLines(t *testing.T, file, session string) []msnp.Command {
	t.Helper()
	lines := transcript.Transcript(t, file)
	var out []msnp.Command
	for _, l := range transcript.Session(lines, session) {
		if l.FromMe {
			continue
		}
		cmd, _, err := msnp.ParseLine(msnp.FromServer, l.Text)
		if err != nil {
			t.Fatalf("%s:%d: %v", file, l.Number, err)
		}
		if l.HasBody {
			cmd.Payload = l.PayloadBytes()
		}
		out = append(out, cmd)
	}
	return out
}

// TestCapturedSYNList: alice's MSNP12 list as Escargot sent it, with the
// LST line of a contact in no group ending in a space.
func TestCapturedSYNList(t *testing.T) {
	list := parseSYN(serverLines(t, "a_msnp12.txt", "A-NS"))
	sortList(list)
	got := fmt.Sprintf("%v", list.Groups)
	if got != "[{fc6cf9b7-bbff-42b4-a6f4-cdc1cdd159e1 Friends}]" {
		t.Fatalf("groups %s", got)
	}
	if len(list.Contacts) != 2 {
		t.Fatalf("contacts %+v", list.Contacts)
	}
	bob, carol := list.Contacts[0], list.Contacts[1]
	if bob.Email != "bob@example.com" || bob.Name != "Bob" || strings.Join(bob.Groups, ",") != "Friends" ||
		strings.Join(bob.Lists, ",") != "forward,allow,reverse" || bob.id != "ce61d4dc-9719-4c7f-9201-53e1105b3388" {
		t.Fatalf("bob %+v", bob)
	}
	if carol.Email != "carol@example.com" || len(carol.Groups) != 0 || strings.Join(carol.Lists, ",") != "forward,allow,reverse" {
		t.Fatalf("carol %+v", carol)
	}
}

func TestADLPayloadsChunkAndGroupByDomain(t *testing.T) {
	var entries []adlEntry
	for i := 0; i < 1000; i++ {
		entries = append(entries, adlEntry{email: fmt.Sprintf("user%04d@domain%d.example.com", i, i%3), bits: 3})
	}
	payloads := adlPayloads(entries, maxADL, true)
	total := 0
	for _, p := range payloads {
		if len(p) > maxADL {
			t.Fatalf("payload of %d bytes", len(p))
		}
		if !strings.HasPrefix(string(p), `<ml l="1"><d n="`) || !strings.HasSuffix(string(p), "</d></ml>") {
			t.Fatalf("malformed %q", p[:40])
		}
		total += strings.Count(string(p), "<c ")
	}
	if total != 1000 || len(payloads) < 2 {
		t.Fatalf("%d contacts in %d payloads", total, len(payloads))
	}
	one := adlPayloads([]adlEntry{{email: "bob@example.com", bits: 3}}, maxADL, true)
	if string(one[0]) != `<ml l="1"><d n="example.com"><c n="bob" l="3" t="1" /></d></ml>` {
		t.Fatalf("got %s", one[0])
	}
	change := adlPayloads([]adlEntry{{email: "bob@example.com", bits: 4}}, maxADL, false)
	if string(change[0]) != `<ml><d n="example.com"><c n="bob" l="4" t="1" /></d></ml>` {
		t.Fatalf("got %s", change[0])
	}
}
