package msntest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// What a contact is told when an account changes its name or personal
// message, following Escargot's me_update and build_presence_notif
// (core/backend.py, front/msn/misc.py): nothing before the account's
// first CHG; while it is hidden, an `NLN HDN` line with the new name (and
// a UBX at MSNP16+), and a UBX with the new message.
func TestProfileChangesAsEscargotTellsThem(t *testing.T) {
	for _, d := range []int{12, 15, 18} {
		t.Run(fmt.Sprintf("MSNP%d", d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			bob := login(t, s, "bob@example.com", "bob123", d, guidB)
			bob.goOnline(5, "NLN", caps(d))
			alice := login(t, s, "alice@example.com", "alice123", d, guidA)

			// Before any CHG: offline to the server, nobody is told.
			alice.sendf("PRP 5 MFN Alice%%20One")
			alice.expectNext("PRP 5 MFN Alice%20One")
			alice.sendPayload("UUX 6", "<Data><PSM>first</PSM></Data>")
			alice.expectNext("UUX 6 0")
			bob.expectQuiet(200 * time.Millisecond)

			// Hidden: told all the same.
			alice.goOnline(7, "HDN", caps(d))
			alice.sendf("PRP 8 MFN Alice%%20Two")
			alice.expectNext("PRP 8 MFN Alice%20Two")
			nln, _ := bob.expectNext("NLN HDN ")
			if !strings.Contains(nln, "alice@example.com") || !strings.Contains(nln, " Alice%20Two ") {
				t.Errorf("bob got %q", nln)
			}
			if d >= 16 {
				bob.expectNext("UBX 1:alice@example.com ")
			}
			alice.sendPayload("UUX 9", "<Data><PSM>second &amp; &lt;b&gt;</PSM></Data>")
			alice.expectNext("UUX 9 0")
			_, ubx := bob.expectNext("UBX ")
			if want := xmlText("second & <b>", d); !strings.Contains(string(ubx), "<PSM>"+want+"</PSM>") {
				t.Errorf("bob's UBX %s lacks %q", ubx, want)
			}
			seen := strings.Join(s.PresenceSeenBy("bob@example.com"), ",")
			if seen != "NLN alice@example.com,UBX alice@example.com" {
				t.Errorf("PresenceSeenBy(bob) = %q", seen)
			}
		})
	}
}

// The UBX text escapes of each dialect, as Escargot's encode_xml_ne and
// encode_xml_he write them: MSNP13-15 escape only `&`.
func TestUBXTextEscapes(t *testing.T) {
	for _, tt := range []struct {
		d    int
		want string
	}{
		{12, `a &lt;b&gt; &amp; &quot;c&quot; = \`},
		{15, `a <b> &#x26; "c" = \`},
		{18, `a &#x3C;b&#x3E; &#x26; "c" &#x3D; &#x5C;`},
	} {
		if got := xmlText(`a <b> & "c" = \`, tt.d); got != tt.want {
			t.Errorf("MSNP%d: %q, want %q", tt.d, got, tt.want)
		}
	}
}

// The name is kept, and so is the message (in memory, with the account):
// a later visible sign-in that sets neither shows both to contacts.
func TestProfileOutlivesSignOut(t *testing.T) {
	for _, d := range []int{12, 15, 18} {
		t.Run(fmt.Sprintf("MSNP%d", d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			alice := login(t, s, "alice@example.com", "alice123", d, guidA)
			alice.sendf("PRP 5 MFN Alice%%20%%E2%%9C%%A8")
			alice.expectNext("PRP 5 MFN Alice%20✨")
			alice.sendPayload("UUX 6", "<Data><PSM>away ✨</PSM></Data>")
			alice.expectNext("UUX 6 0")
			alice.sendf("OUT")
			alice.expectClosed()

			alice = login(t, s, "alice@example.com", "alice123", d, guidA)
			alice.goOnline(5, "NLN", caps(d))
			// A contact signing in after her is told both (one already
			// online would get no UBX below MSNP16 until she sent a UUX:
			// Escargot sends a status change without it).
			bob := login(t, s, "bob@example.com", "bob123", d, guidB)
			bob.sendf("CHG 5 NLN %s", caps(d))
			bob.expectNext("CHG 5 NLN")
			nln, _ := bob.read()
			if !strings.Contains(nln, "NLN alice@example.com ") && !strings.Contains(nln, "NLN 1:alice@example.com ") || !strings.Contains(nln, " Alice%20✨ ") {
				t.Errorf("bob got %q", nln)
			}
			_, ubx := bob.expectNext("UBX ")
			if !strings.Contains(string(ubx), "<PSM>away ✨</PSM>") {
				t.Errorf("bob's UBX: %s", ubx)
			}
		})
	}
}
