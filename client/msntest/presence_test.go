package msntest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// caps is a plausible capabilities argument per dialect.
func caps(d int) string {
	if d >= 16 {
		return "2789003324:48"
	}
	return "1342177280"
}

func TestHiddenRunIsNeverSeen(t *testing.T) {
	for _, d := range []int{12, 15, 18} {
		t.Run(fmt.Sprintf("MSNP%d", d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			alice := login(t, s, "alice@example.com", "alice123", d, guidA)
			alice.goOnline(5, "NLN", caps(d))

			bob := login(t, s, "bob@example.com", "bob123", d, guidB)
			lines := bob.goOnline(5, "HDN", caps(d))
			if len(lines) == 0 || !strings.Contains(lines[0], "alice@example.com") {
				t.Errorf("hidden bob was not told alice is online: %q", lines)
			}
			bob.sendf("XFR 6 SB")
			if d < 13 {
				bob.expect("913 6")
			} else {
				bob.expect("XFR 6 SB ")
			}
			bob.sendf("OUT")
			bob.expectClosed()
			alice.expectQuiet(300 * time.Millisecond)
			for _, seen := range s.PresenceSeenBy("alice@example.com") {
				if strings.HasSuffix(seen, " bob@example.com") {
					t.Errorf("alice saw %q", seen)
				}
			}
		})
	}
}

func TestPresenceFormats(t *testing.T) {
	for _, tc := range []struct {
		d        int
		nln, fln string
	}{
		{12, "NLN NLN bob@example.com Bob 1342177280 %3Cmsnobj%2F%3E", "FLN bob@example.com"},
		{15, "NLN NLN bob@example.com 1 Bob 1342177280 %3Cmsnobj%2F%3E", "FLN bob@example.com 1 0"},
		{18, "NLN NLN 1:bob@example.com Bob 2789003324:48 %3Cmsnobj%2F%3E", "FLN 1:bob@example.com 0:0"},
	} {
		t.Run(fmt.Sprintf("MSNP%d", tc.d), func(t *testing.T) {
			s := newTestServer(t, Options{})
			alice := login(t, s, "alice@example.com", "alice123", tc.d, guidA)
			alice.goOnline(5, "NLN", caps(tc.d))
			bob := login(t, s, "bob@example.com", "bob123", tc.d, guidB)
			bob.goOnline(5, "NLN", caps(tc.d))
			alice.expectNext(tc.nln)
			if tc.d >= 16 {
				alice.expectNext("UBX 1:bob@example.com ")
			}
			// A rename shows as a new NLN.
			bob.sendf("PRP 6 MFN Bobby%%20B")
			bob.expect("PRP 6 MFN Bobby%20B")
			alice.expectNext(strings.Replace(tc.nln, " Bob ", " Bobby%20B ", 1))
			if tc.d >= 16 {
				alice.expectNext("UBX 1:bob@example.com ")
			}
			// A personal message shows as a UBX.
			bob.sendPayload("UUX 7", "<Data><PSM>at lunch &amp; away</PSM><CurrentMedia></CurrentMedia></Data>")
			bob.expect("UUX 7 0")
			if tc.d >= 16 { // and, as Escargot's notify_self, to bob's own endpoints
				bob.expectNext("NLN NLN 1:bob@example.com Bobby%20B ")
				bob.expectNext("UBX 1:bob@example.com ")
			}
			_, ubx := alice.expectNext("UBX ")
			if !strings.Contains(string(ubx), "<PSM>at lunch &") {
				t.Errorf("UBX: %s", ubx)
			}
			bob.sendf("OUT")
			bob.expectClosed()
			alice.expectNext(tc.fln)
			want := []string{"NLN bob@example.com", "NLN bob@example.com", "FLN bob@example.com"}
			if got := s.PresenceSeenBy("alice@example.com"); !reflect.DeepEqual(got, want) {
				t.Errorf("PresenceSeenBy = %q, want %q", got, want)
			}
		})
	}
}

func TestCHGQuirks(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	c.sendf("CHG 5 NLN") // no capabilities: no reply at all
	c.expectQuiet(200 * time.Millisecond)
	c.sendf("XFR 6 SB") // so this still counts as before the first CHG
	c.expectNext("913 6")
	c.sendf("CHG 7 FLN 0")
	c.expectNext("201 7")
	c.sendf("CHG 8 BSY 0 %%3Cmsnobj%%20Creator%%3D%%22a%%22%%2F%%3E")
	c.expectNext("CHG 8 BSY 0 %3Cmsnobj%20Creator%3D%22a%22%2F%3E")
	c.expectNext("MSG Hotmail Hotmail 195")
	c.sendf("XFR 9 SB")
	line, _ := c.expectNext("XFR 9 SB " + s.SBAddr() + " CKI ")
	if f := strings.Fields(line); len(f) != 6 || len(f[5]) != 20 {
		t.Errorf("MSNP12 XFR: %q", line)
	}
	c.sendf("CHG 10 HDN 0")
	c.expectNext("CHG 10 HDN 0")
	c.sendf("XFR 11 SB")
	c.expectNext("913 11")
	c.sendf("CHG 12 XYZ 0") // unknown status: closed
	c.expectClosed()
}

func TestXFRFormats(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, tc := range []struct {
		d    int
		tail string
	}{{15, " U messenger.msn.com 1"}, {18, " U messenger.msn.com 1"}} {
		c := login(t, s, "carol@example.com", "carol123", tc.d, guidA)
		c.sendf("XFR 5 SB")
		c.expectNext("913 5")
		c.goOnline(6, "NLN", caps(tc.d))
		c.sendf("XFR 7 SB")
		line, _ := c.expect("XFR 7 SB " + s.SBAddr() + " CKI ")
		if !strings.HasSuffix(line, tc.tail) {
			t.Errorf("MSNP%d XFR: %q", tc.d, line)
		}
	}
}

func TestListCommands(t *testing.T) {
	s := newTestServer(t, Options{})
	c := login(t, s, "alice@example.com", "alice123", 12, "")
	c.sendf("BLP 5 AL")
	c.expectNext("BLP 5 AL")
	c.sendf("BLP 6 AL") // already in that mode, below MSNP13
	c.expectNext("218 6")
	c.sendf("GTC 7 N")
	c.expectNext("GTC 7 N")
	c.sendPayload("QRY 8 PROD0090YUAUV{2B", "0123456789abcdef0123456789abcdef")
	c.sendf("FOO 9 bar")
	c.expectQuiet(200 * time.Millisecond) // QRY and unknown commands: no reply
	c.sendf("SYN 10 0 0")
	c.expectNext("SYN 10 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 2 1")
	c.expectNext("GTC N")
	c.expectNext("BLP AL")
	c.sendPayload("ADL 11", `<ml l="1"><d n="example.com"><c n="bob" l="3" t="1" /></d></ml>`)
	c.expect("LST N=carol@example.com ")
	c.expectClosed() // ADL before MSNP13 closes

	d := login(t, s, "bob@example.com", "bob123", 15, "")
	d.sendf("BLP 5 AL")
	d.expectNext("BLP 5 AL")
	d.sendf("BLP 6 AL") // no 218 from MSNP13
	d.expectNext("BLP 6 AL")
	d.sendPayload("ADL 7", `<ml l="1"><d n="example.com"><c n="alice" l="3" t="1" /></d></ml>`)
	d.expectNext("ADL 7 OK")
	d.sendPayload("ADL 8", `<ml><d n="example.com">`)
	d.expectNext("241 8")
	d.expectClosed() // a payload that is not XML closes, as in Escargot

	d = login(t, s, "bob@example.com", "bob123", 15, "")
	d.sendf("SYN 9 0 0")
	d.expectNext("502 9")
	d.sendPayload("ADL 10", `<ml l="1"><d n="example.com"></d></ml>`)
	d.expectNext("240 10")
	d.expectClosed()
}

func TestMalformedFramingCloses(t *testing.T) {
	s := newTestServer(t, Options{})
	for name, data := range map[string]string{
		"bad name":         "ver 1 MSNP12\r\n",
		"payload too big":  "VER 1 MSNP12 CVR0\r\nUUX 2 999999999\r\n",
		"line too long":    "VER 1 " + strings.Repeat("x", 20000) + "\r\n",
		"missing a length": "VER 1 MSNP12 CVR0\r\nMSG 2 A\r\n",
	} {
		c := dial(t, s.NSAddr(), name)
		c.send(strings.TrimSuffix(data, "\r\n"))
		for {
			line, _, err := c.readWithin(readTimeout)
			if err != nil {
				break
			}
			if !strings.HasPrefix(line, "VER") {
				t.Errorf("%s: unexpected %q", name, line)
			}
		}
		c.expectClosed()
	}
}
