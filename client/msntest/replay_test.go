package msntest

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/internal/transcript"
	"github.com/msn-cli/msn/client/msnp"
)

// The replay test is the yardstick of this package: it sends the client
// lines of the captured Escargot sessions to the server, each session on
// its own connection and all lines of a scenario in file order, and
// compares every server line and payload with the captured one. Only what
// legitimately differs is masked or substituted:
//
//   - in client lines: the USR ... S ticket (a real one from the server's
//     own RST.srf or RST2.srf, as in the capture), the MBI response
//     (recomputed from the server's nonce and proof key with the captured
//     IV), except where the capture's bogus value is the point (BADTKT,
//     BAD-NS); switchboard cookies and session ids become the ones this
//     server handed out for the same captured ones, and so do GUIDs the
//     server sent earlier (the contact id REM takes back);
//   - random values in server lines: the MBI_KEY_OLD nonce (checked to be
//     64 base64 characters), GUIDs (renamed consistently by first
//     appearance, so a group or endpoint id that must repeat still has
//     to), CKI cookies and 31-hex session ids (likewise); the switchboard
//     address is compared as the captured 127.0.0.1:1864;
//   - per-run profile values: LoginTime, MemberIdHigh/Low, ClientPort
//     (checked to be numbers); MSPAuth must be exactly the ticket sent,
//     without t=, and as long as the captured one;
//   - values the capture shortened (`...<N chars>`): the line must be N
//     bytes and start with the captured text;
//   - the GCF policy document, which is this server's own (checked to be a
//     <Policies> document);
//   - payload lengths, which must equal the captured length plus what the
//     masked values add or remove.
//
// A missing, extra or reordered line, a different command or parameter
// fails with the file and line number of the capture. After a client's
// OUT the test waits for the close, so what other connections see happens
// in the captured order.

// replaySession is one captured session to play.
type replaySession struct {
	name           string
	user, password string
	rstPath        string // where a fresh ticket comes from; "" keeps the captured one
	keepMBI        bool   // keep the captured MBI response (which must then fail)
	closes         bool   // the server closes the connection at the end
}

// replayScenario plays the lines of the listed sessions of one file in
// file order, each session on its own connection (to the SB for names
// ending in -SB), on one fresh server.
type replayScenario struct {
	file     string
	sessions []replaySession
	// late lists server lines a session may get before its close although
	// the capture lacks them: Escargot sends presence from a worker every
	// 0.2 s (NOTES.md quirk 24), so a watcher that left right after a
	// contact did was gone before its FLN; this server notifies at once.
	late map[string][]string
}

var (
	alice = replaySession{user: "alice@example.com", password: "alice123", rstPath: "/RST.srf", closes: true}
	bob   = replaySession{user: "bob@example.com", password: "bob123", rstPath: "/RST.srf", closes: true}
	carol = replaySession{user: "carol@example.com", password: "carol123", rstPath: "/RST.srf", closes: true}
)

// as names a session and adjusts it.
func as(rs replaySession, name string, adjust ...func(*replaySession)) replaySession {
	rs.name = name
	for _, f := range adjust {
		f(&rs)
	}
	return rs
}

func viaRST2(rs *replaySession)  { rs.rstPath = "/RST2.srf" }
func keepMBI(rs *replaySession)  { rs.keepMBI = true }
func stayOpen(rs *replaySession) { rs.closes = false }
func noUser(rs *replaySession)   { rs.user, rs.password, rs.rstPath = "", "", "" }

var replayScenarios = []replayScenario{
	// MSNP12: TWN login, SYN, ILN, NLN/FLN, XFR, the switchboard with
	// CAL/RNG/ANS/IRO/JOI, MSG in modes A, N and U, BYE.
	{"a_msnp12.txt", []replaySession{as(alice, "A-NS"), as(bob, "B-NS"), as(alice, "A-SB"), as(bob, "B-SB")}, nil},
	// MSNP15 and MSNP18 SSO logins.
	{"b_sso.txt", []replaySession{as(alice, "A15-NS")}, nil},
	{"b_sso.txt", []replaySession{as(bob, "B15-NS", viaRST2)}, nil},
	{"b_sso.txt", []replaySession{as(carol, "C15-NS")}, nil},
	{"b_sso.txt", []replaySession{as(alice, "A18-NS", viaRST2)}, nil},
	{"b_sso.txt", []replaySession{as(alice, "BAD-NS", keepMBI)}, nil},
	// MSNP18: MPOP endpoints in presence and UBX, the switchboard with
	// endpoint duplicates in IRO, JOI and BYE.
	{"d_extras.txt", []replaySession{as(alice, "A18-NS"), as(bob, "B18-NS"), as(alice, "A18-SB"), as(bob, "B18-SB")},
		map[string][]string{"B18-NS": {"FLN 1:alice@example.com 0:0"}}},
	// Errors: a bogus ticket, version negotiation, SYN at MSNP15.
	{"probe.txt", []replaySession{as(alice, "BADTKT", noUser)}, nil},
	{"probe.txt", []replaySession{as(alice, "VERNEG", noUser, stayOpen)}, nil},
	{"probe.txt", []replaySession{as(alice, "VERNEG2", noUser)}, nil},
	{"probe.txt", []replaySession{as(bob, "Q15-NS")}, nil},
}

func TestReplayEscargotSessions(t *testing.T) {
	for _, sc := range replayScenarios {
		var names []string
		for _, rs := range sc.sessions {
			names = append(names, rs.name)
		}
		t.Run(strings.TrimSuffix(sc.file, ".txt")+"/"+strings.Join(names, "+"), func(t *testing.T) {
			t.Parallel()
			runScenario(t, sc, transcript.Transcript(t, sc.file))
		})
	}
}

// played is a session in progress.
type played struct {
	rs     replaySession
	c      *rawClient
	ticket string // the ticket sent in USR ... S
	nonce  string // the server's MBI_KEY_OLD
	closed bool   // the close was already checked
}

func runScenario(t *testing.T, sc replayScenario, lines []transcript.Line) {
	s := newTestServer(t, Options{})
	cmp := &comparer{t: t, file: sc.file, want: newMasker(), got: newMasker(), sbAddr: s.SBAddr()}
	sessions := map[string]*played{}
	var order []*played
	for _, rs := range sc.sessions {
		if len(transcript.Session(lines, rs.name)) == 0 {
			t.Fatalf("%s: no session %s", sc.file, rs.name)
		}
		p := &played{rs: rs}
		sessions[rs.name] = p
		order = append(order, p)
	}
	for _, l := range lines {
		p := sessions[l.Session]
		if p == nil {
			continue
		}
		if p.c == nil {
			addr := s.NSAddr()
			if strings.HasSuffix(l.Session, "-SB") {
				addr = s.SBAddr()
			}
			p.c = dial(t, addr, l.Session)
		}
		cmp.step(s, p, l)
		if l.FromMe && l.Text == "OUT" {
			// Wait for the close before the next line, so that what other
			// connections see happens in the captured order.
			for _, want := range sc.late[l.Session] {
				if got, _ := p.c.read(); got != want {
					t.Fatalf("%s: got %q before the close, want %q or the close", l.Session, got, want)
				}
			}
			p.c.expectClosed()
			p.closed = true
		}
	}
	for _, p := range order {
		if p.closed {
			continue
		}
		if p.rs.closes {
			p.c.expectClosed()
		} else {
			p.c.expectQuiet(300 * time.Millisecond)
		}
	}
}

type comparer struct {
	t         *testing.T
	file      string
	want, got *masker
	sbAddr    string // shown as the captured 127.0.0.1:1864
}

// step plays one captured line: a client line is sent (with the ticket
// and MBI response substituted), a server line is read and compared.
func (cmp *comparer) step(s *Server, p *played, l transcript.Line) {
	t := cmp.t
	t.Helper()
	where := fmt.Sprintf("%s:%d (%s)", cmp.file, l.Number, l.Session)
	if l.FromMe {
		line := cmp.substitute(s, p, l)
		var payload []byte
		if l.HasBody {
			payload = l.PayloadBytes()
		}
		if payload != nil {
			p.c.send(line, payload)
		} else {
			p.c.send(line)
		}
		return
	}
	got, gotPayload, err := p.c.readWithin(readTimeout)
	if err != nil {
		t.Fatalf("%s: missing server line %q: %v", where, l.Text, err)
	}
	cmp.compare(where, p, l, got, gotPayload)
}

// substitute replaces what cannot be replayed in a client line: the
// ticket of USR ... S and the MBI response after it.
func (cmp *comparer) substitute(s *Server, p *played, l transcript.Line) string {
	t := cmp.t
	f := strings.Fields(l.Text)
	for i, v := range f {
		// Cookies and session ids the server handed out earlier in the
		// capture are replaced by the ones this server handed out.
		if got := cmp.got.value(cmp.want.placeholder(v)); got != "" {
			f[i] = got
		}
	}
	if len(f) < 5 || f[0] != "USR" || f[3] != "S" || (f[2] != "TWN" && f[2] != "SSO") || p.rs.rstPath == "" {
		return strings.Join(f, " ")
	}
	addrs, which := twnAddresses, "messenger.msn.com"
	if f[2] == "SSO" {
		addrs, which = ssoAddresses, "messengerclear.live.com"
	}
	tickets, secret := getTickets(t, s, p.rs.rstPath, p.rs.user, p.rs.password, addrs)
	p.ticket = tickets[which]
	if p.ticket == "" {
		t.Fatalf("%s:%d: no %s ticket from %s", cmp.file, l.Number, which, p.rs.rstPath)
	}
	f[4] = p.ticket
	if len(f) > 5 && !p.rs.keepMBI {
		captured, err := base64.StdEncoding.DecodeString(f[5])
		if err != nil || len(captured) < 36 {
			t.Fatalf("%s:%d: captured MBI response unreadable", cmp.file, l.Number)
		}
		key, _ := base64.StdEncoding.DecodeString(secret)
		blob, err := mbiBlob(key, p.nonce, captured[28:36])
		if err != nil {
			t.Fatal(err)
		}
		f[5] = base64.StdEncoding.EncodeToString(blob)
	}
	return strings.Join(f, " ")
}

var (
	truncRe   = regexp.MustCompile(`^(.*)\.\.\.<(\d+) chars>$`)
	nonceRe   = regexp.MustCompile(`^[A-Za-z0-9+/]{64}$`)
	profileRe = regexp.MustCompile(`^(LoginTime|MemberIdHigh|MemberIdLow|ClientPort): (\d+)$`)
)

// compare checks one server line and its payload against the capture.
func (cmp *comparer) compare(where string, p *played, want transcript.Line, got string, gotPayload []byte) {
	t := cmp.t
	t.Helper()
	_, n, err := msnp.ParseLine(msnp.FromServer, want.Text)
	if err != nil {
		t.Fatalf("%s: captured line unreadable: %v", where, err)
	}
	got = strings.ReplaceAll(got, cmp.sbAddr, "127.0.0.1:1864")
	wantText, gotText := want.Text, got
	wantLen, gotLen := -1, -1
	if n >= 0 {
		if gotPayload == nil {
			t.Fatalf("%s: got %q without a payload, want %q", where, got, want.Text)
		}
		wantText, wantLen = stripLength(wantText)
		gotText, gotLen = stripLength(gotText)
	} else if gotPayload != nil {
		t.Fatalf("%s: got %q with a payload, want %q", where, got, want.Text)
	}
	if strings.Contains(gotText, "MBI_KEY_OLD ") {
		f := strings.Fields(gotText)
		p.nonce = f[len(f)-1]
		if !nonceRe.MatchString(p.nonce) {
			t.Fatalf("%s: nonce %q is not 64 base64 characters", where, p.nonce)
		}
	}
	if w, g := cmp.want.line(wantText), cmp.got.line(gotText); w != g {
		t.Fatalf("%s: server line differs\n got: %q\nwant: %q\n(masked got %q, want %q)", where, got, want.Text, g, w)
	}
	if n < 0 {
		return
	}

	name := strings.Fields(want.Text)[0]
	if name == "GCF" {
		g := string(gotPayload)
		if !strings.HasPrefix(want.Payload[0], "<Policies>") || !strings.HasPrefix(g, "<Policies>") || !strings.HasSuffix(g, "</Policies>") {
			t.Fatalf("%s: GCF payload is not a policy document: %q", where, g)
		}
		return
	}
	wantLines := want.Payload
	var gotLines []string
	if len(gotPayload) > 0 {
		gotLines = strings.Split(string(gotPayload), "\r\n")
	}
	if len(gotLines) != len(wantLines) {
		t.Fatalf("%s: payload has %d lines, want %d\n got: %q\nwant: %q", where, len(gotLines), len(wantLines), gotLines, wantLines)
	}
	delta := 0
	for i, wl := range wantLines {
		gl := gotLines[i]
		if m := truncRe.FindStringSubmatch(wl); m != nil {
			full, _ := strconv.Atoi(m[2])
			delta += len(gl) - full
			if len(gl) != full {
				t.Fatalf("%s: payload line %d is %d bytes, want %d: %.80q", where, i+1, len(gl), full, gl)
			}
			if strings.HasPrefix(wl, "MSPAuth: ") {
				if want := "MSPAuth: " + strings.TrimPrefix(p.ticket, "t="); gl != want {
					t.Fatalf("%s: MSPAuth is not the ticket sent:\n got: %.100q\nwant: %.100q", where, gl, want)
				}
				continue
			}
			prefix := m[1]
			if len(gl) < len(prefix) || cmp.want.payload(prefix) != cmp.got.payload(gl[:len(prefix)]) {
				t.Fatalf("%s: payload line %d differs\n got: %.120q\nwant: %.120q", where, i+1, gl, wl)
			}
			continue
		}
		delta += len(gl) - len(wl)
		if w, g := cmp.want.payload(wl), cmp.got.payload(gl); w != g {
			t.Fatalf("%s: payload line %d differs\n got: %q\nwant: %q", where, i+1, gl, wl)
		}
	}
	if gotLen != wantLen+delta {
		t.Fatalf("%s: payload length %d, want %d (captured %d, masked values %+d)", where, gotLen, wantLen+delta, wantLen, delta)
	}
}

// stripLength removes the trailing payload length from a command line.
func stripLength(line string) (string, int) {
	i := strings.LastIndexByte(line, ' ')
	n, err := strconv.Atoi(line[i+1:])
	if i < 0 || err != nil {
		return line, -1
	}
	return line[:i], n
}

// masker renames random values to placeholders numbered by first
// appearance; one masker for the capture and one for the server, so equal
// structure gives equal text.
type masker struct {
	ids  map[string]string // kind:value -> placeholder
	vals map[string]string // placeholder -> value
}

func newMasker() *masker { return &masker{ids: map[string]string{}, vals: map[string]string{}} }

// placeholder is the placeholder a cookie, session id or GUID (such as
// the contact id of a later REM) was given, or "".
func (m *masker) placeholder(v string) string {
	for _, kind := range []string{"COOKIE", "SESSION", "GUID"} {
		if p, ok := m.ids[kind+":"+strings.ToLower(v)]; ok {
			return p
		}
	}
	return ""
}

// value is the value behind a placeholder, or "".
func (m *masker) value(p string) string { return m.vals[p] }

var (
	guidRe2 = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	nonceIn = regexp.MustCompile(`MBI_KEY_OLD \S+`)
	cookie  = regexp.MustCompile(`CKI [0-9a-f]{20}\b`)
	sessID  = regexp.MustCompile(`\b[0-9a-f]{31}\b`)
)

func (m *masker) id(kind, v string) string {
	key := kind + ":" + strings.ToLower(v)
	if p, ok := m.ids[key]; ok {
		return p
	}
	p := fmt.Sprintf("<%s%d>", kind, len(m.ids)+1)
	m.ids[key] = p
	m.vals[p] = v
	return p
}

func (m *masker) common(s string) string {
	s = guidRe2.ReplaceAllStringFunc(s, func(v string) string { return m.id("GUID", v) })
	s = cookie.ReplaceAllStringFunc(s, func(v string) string { return "CKI " + m.id("COOKIE", v[4:]) })
	return sessID.ReplaceAllStringFunc(s, func(v string) string { return m.id("SESSION", v) })
}

// line masks a command line.
func (m *masker) line(s string) string {
	s = nonceIn.ReplaceAllString(s, "MBI_KEY_OLD <NONCE>")
	return m.common(s)
}

// payload masks one payload line.
func (m *masker) payload(s string) string {
	if sm := profileRe.FindStringSubmatch(s); sm != nil {
		return sm[1] + ": <NUMBER>"
	}
	return m.common(s)
}
