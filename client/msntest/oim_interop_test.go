package msntest

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msnp"
	"github.com/msn-cli/msn/client/oim"
	"github.com/msn-cli/msn/client/soap"
)

// oimClient is the client package's store client, authenticated by
// email's live NS session.
func oimClient(t *testing.T, s *Server, email string) *oim.Client {
	t.Helper()
	base, err := url.Parse(s.ServicesURL())
	if err != nil {
		t.Fatal(err)
	}
	return &oim.Client{SOAP: &soap.Client{HTTP: s.HTTPClient(), Base: base}, Ticket: liveTicket(t, s, email)}
}

// The client stores messages that the server records exactly as sent:
// non-ASCII names (one long enough for several encoded words, one empty)
// and texts (line breaks, emoji, a full MaxText of three-byte characters).
// The first message takes the lock key round trip, the others one
// request each.
func TestOIMClientInterop(t *testing.T) {
	s := newTestServer(t, Options{})
	login(t, s, "alice@example.com", "alice123", 15, "")
	c := oimClient(t, s, "alice@example.com")
	run := msnp.NewGUID()
	sent := []oim.Message{
		{From: "alice@example.com", FromName: "Zoë ☃ Ålice", To: "bob@example.com",
			Text: "Bonjour Bob ! 😀\r\nÇa va ? — 日本語\nlast line", Sequence: 1, RunID: run},
		{From: "alice@example.com", FromName: strings.Repeat("Ålice the long-named ", 4), To: "bob@example.com",
			Text: strings.Repeat("€", oim.MaxText/3), Sequence: 2, RunID: run},
		{From: "alice@example.com", To: "bob@example.com", Text: "no name", Sequence: 3, RunID: run},
	}
	for _, m := range sent {
		if err := c.Store(context.Background(), m); err != nil {
			t.Fatalf("Store %d: %v", m.Sequence, err)
		}
	}
	if n := s.SOAPRequests("/OimWS/oim.asmx"); n != len(sent)+1 {
		t.Errorf("%d requests for %d messages, want %d", n, len(sent), len(sent)+1)
	}
	got := s.OfflineMessages("bob@example.com")
	if len(got) != len(sent) {
		t.Fatalf("%d messages stored, want %d", len(got), len(sent))
	}
	for i, m := range sent {
		want := OIM{ID: got[i].ID, From: m.From, FromName: m.FromName, To: m.To, Text: m.Text,
			Sequence: m.Sequence, RunID: m.RunID, Received: got[i].Received}
		if got[i] != want {
			t.Errorf("message %d\n got: %+v\nwant: %+v", i+1, got[i], want)
		}
	}
}

// The server's refusals reach the caller as the client's errors.
func TestOIMClientInteropErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := login(t, s, "alice@example.com", "alice123", 15, "")
	c := oimClient(t, s, "alice@example.com")
	m := oim.Message{From: "alice@example.com", FromName: "Alice", To: "nobody@example.com", Text: "hi", Sequence: 1, RunID: msnp.NewGUID()}

	if err := c.Store(context.Background(), m); !errors.Is(err, oim.ErrRecipientUnknown) {
		t.Errorf("unknown recipient: %v", err)
	}
	m.To = "bob@example.com"
	for code, want := range map[string]error{
		"q0:SystemUnavailable":           oim.ErrRecipientUnknown,
		"q0:InvalidContent":              oim.ErrRefused,
		"q0:SenderThrottleLimitExceeded": oim.ErrRefused,
	} {
		s.RefuseOIM(code)
		if err := c.Store(context.Background(), m); !errors.Is(err, want) || !strings.Contains(err.Error(), code) {
			t.Errorf("RefuseOIM(%s): %v", code, err)
		}
	}
	s.RefuseOIM("")
	if err := c.Store(context.Background(), m); err != nil {
		t.Fatalf("after RefuseOIM(\"\"): %v", err)
	}

	// Once the sender has signed out, the ticket no longer counts.
	alice.send("OUT")
	alice.expectClosed()
	before := s.SOAPRequests("/OimWS/oim.asmx")
	m.Sequence = 2
	err := c.Store(context.Background(), m)
	if !errors.Is(err, oim.ErrRefused) || !strings.Contains(err.Error(), "AuthenticationFailed") {
		t.Errorf("signed out: %v", err)
	}
	if n := s.SOAPRequests("/OimWS/oim.asmx") - before; n != 1 {
		t.Errorf("signed out: %d requests, want 1 (the remembered key was refused)", n)
	}
	if n := len(s.OfflineMessages("bob@example.com")); n != 1 {
		t.Errorf("%d messages stored, want 1", n)
	}
}
