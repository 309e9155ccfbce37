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
	p := NewPresence()
	for _, cmd := range serverLines(t, "a_msnp12.txt", "A-NS") {
		p.Handle(cmd)
	}
	list := parseSYN(p.burst())
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

// TestCapturedPresenceLines reads presence in the three dialects' forms.
func TestCapturedPresenceLines(t *testing.T) {
	for _, tt := range []struct {
		file, session, email, status, message string
	}{
		{"a_msnp12.txt", "B-NS", "alice@example.com", "online", ""},   // ILN 6 NLN alice@... Alice 0 msnobj, UBX
		{"c_oim.txt", "B-NS", "alice@example.com", "online", ""},      // MSNP15: ILN 7 NLN alice@... 1 Alice%20(15) ...
		{"d_extras.txt", "B18-NS", "alice@example.com", "online", ""}, // MSNP18: NLN NLN 1:alice@... Alice 2789003324:48
	} {
		p := NewPresence()
		for _, cmd := range serverLines(t, tt.file, tt.session) {
			p.Handle(cmd)
		}
		list := &List{Contacts: []Contact{{Email: tt.email}}}
		p.apply(list)
		c := list.Contacts[0]
		if c.Status != tt.status || c.Message != tt.message || c.Name == tt.email || c.Name == "" {
			t.Errorf("%s %s: %+v", tt.file, tt.session, c)
		}
	}
	// FLN at each dialect.
	for _, line := range []string{"FLN alice@example.com", "FLN alice@example.com 1 0", "FLN 1:alice@example.com 0:0"} {
		p := NewPresence()
		cmd, _, _ := msnp.ParseLine(msnp.FromServer, "NLN NLN 1:alice@example.com Alice 1:2 x")
		p.Handle(cmd)
		cmd, _, _ = msnp.ParseLine(msnp.FromServer, line)
		p.Handle(cmd)
		list := &List{Contacts: []Contact{{Email: "alice@example.com"}}}
		p.apply(list)
		if list.Contacts[0].Status != "offline" {
			t.Errorf("%q left the contact %s", line, list.Contacts[0].Status)
		}
	}
}

func TestPersonalMessageAndStatuses(t *testing.T) {
	p := NewPresence()
	for _, line := range []string{"NLN BSY 1:bob@example.com Bob%20B 1:2 x", "NLN LUN carol@example.com 1 Carol 0 x", "NLN AWY 1:erin@example.com 42 1:2 x", "ILN 7 IDL fred@example.com 7 0 x"} {
		cmd, _, _ := msnp.ParseLine(msnp.FromServer, line)
		p.Handle(cmd)
	}
	p.Handle(msnp.Command{Name: "UBX", TrID: msnp.NoTrID, Params: []string{"1:bob@example.com"}, Payload: []byte("<Data><PSM>at lunch &amp; coffee</PSM><CurrentMedia></CurrentMedia></Data>")})
	list := &List{Contacts: []Contact{{Email: "bob@example.com"}, {Email: "carol@example.com"}, {Email: "dave@example.com"}, {Email: "erin@example.com"}, {Email: "fred@example.com"}}}
	p.apply(list)
	want := []string{"bob@example.com busy Bob B at lunch & coffee", "carol@example.com out-to-lunch Carol ", "dave@example.com offline dave@example.com ",
		"erin@example.com away 42 ", "fred@example.com idle 7 "} // numeric names are names, not network ids
	for i, c := range list.Contacts {
		if got := c.Email + " " + c.Status + " " + c.Name + " " + c.Message; got != want[i] {
			t.Errorf("got %q, want %q", got, want[i])
		}
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
