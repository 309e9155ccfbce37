package msntest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/rsi"
	"github.com/msn-cli/msn/client/soap"
)

// rsiClient is the client package's rsi client, authenticated by email's
// live NS session.
func rsiClient(t *testing.T, s *Server, email string) *rsi.Client {
	t.Helper()
	base, err := url.Parse(s.ServicesURL())
	if err != nil {
		t.Fatal(err)
	}
	return &rsi.Client{SOAP: &soap.Client{HTTP: s.HTTPClient(), Base: base}, Ticket: liveTicket(t, s, email)}
}

// Thirty messages, some non-ASCII, stored in a shuffled order: the NS
// says too-large, GetMetadata lists all thirty, GetMessage returns each
// exactly as stored, Sort puts them back in sequence order, and one
// DeleteMessages removes them all.
func TestRSIClientInterop(t *testing.T) {
	s := newTestServer(t, Options{})
	const n = 30
	run := "{0F0E0D0C-0B0A-4908-8706-050403020100}"
	base := time.Date(2026, 7, 4, 12, 0, 0, 0, time.UTC)
	names := []string{"Alice", "Zoë ☃ Ålice", "", "日本語の名前", `"Quoted" <name> & co`}
	texts := []string{"plain", "Bonjour ! 😀\r\nÇa va ? — 日本語", "<b>not markup</b> & \"quotes\" 'single'", "line1\nline2\n", "€"}
	var want []OIM
	for i := range n {
		want = append(want, OIM{
			From:     fmt.Sprintf("sender%d@example.com", i%3),
			FromName: names[i%len(names)],
			Text:     fmt.Sprintf("%d: %s", i+1, texts[i%len(texts)]),
			Sequence: i + 1,
			RunID:    run,
			// The clock has one-second steps: messages of a run share a
			// second, and only the sequence orders them.
			Received: base.Add(time.Duration(i/4) * time.Second),
		})
	}
	stored := slices.Clone(want)
	rand.New(rand.NewPCG(3, 4)).Shuffle(n, func(i, j int) { stored[i], stored[j] = stored[j], stored[i] })
	for _, m := range stored {
		s.StoreOffline("bob@example.com", m)
	}
	byText := map[string]OIM{}
	for _, m := range s.OfflineMessages("bob@example.com") {
		byText[m.Text] = m
	}

	bob := login(t, s, "bob@example.com", "bob123", 15, "")
	md := bob.firstCHG(5)
	if _, tooLarge, err := rsi.ParseMailData([]byte(md)); err != nil || !tooLarge {
		t.Fatalf("Mail-Data %q: too-large %v, %v", md, tooLarge, err)
	}

	c := rsiClient(t, s, "bob@example.com")
	ctx := context.Background()
	entries, err := c.GetMetadata(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != n {
		t.Fatalf("GetMetadata lists %d, want %d", len(entries), n)
	}
	var msgs []rsi.Message
	for _, e := range entries {
		m, err := c.GetMessage(ctx, e.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		o := byText[m.Text]
		wantMsg := rsi.Message{ID: o.ID, From: o.From, FromName: o.FromName, Received: o.Received,
			Sequence: o.Sequence, RunID: o.RunID, Text: o.Text}
		if m != wantMsg {
			t.Errorf("GetMessage(%s)\n got: %+v\nwant: %+v", e.ID, m, wantMsg)
		}
		if e.From != o.From || e.FromName != o.FromName || !e.Received.Equal(o.Received) || e.Size == 0 {
			t.Errorf("entry %+v for %+v", e, o)
		}
		msgs = append(msgs, m)
	}

	rsi.Sort(msgs)
	var ids []string
	for i, m := range msgs {
		if m.Sequence != i+1 || m.Text != want[i].Text {
			t.Errorf("sorted message %d has sequence %d: %q", i, m.Sequence, m.Text)
		}
		ids = append(ids, m.ID)
	}

	if err := c.DeleteMessages(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if left := s.OfflineMessages("bob@example.com"); len(left) != 0 {
		t.Errorf("%d messages left", len(left))
	}
	_, payload := bob.expectNext("MSG Hotmail Hotmail ")
	if !strings.Contains(string(payload), "Message-Delta: 30\r\n") {
		t.Errorf("notice %q", payload)
	}
	if entries, err := c.GetMetadata(ctx); err != nil || len(entries) != 0 {
		t.Errorf("after delete: %v, %v", entries, err)
	}

	// Deleting them again: refused, and the error says how many.
	err = c.DeleteMessages(ctx, ids[:2])
	var f *soap.Fault
	if !errors.As(err, &f) || f.HTTPStatus != 500 || !strings.Contains(err.Error(), "deleting 2 messages") {
		t.Errorf("second delete: %v", err)
	}
	// And fetching one: Escargot's crash, an HTTP 500 without a fault.
	_, err = c.GetMessage(ctx, ids[0], false)
	var he *soap.HTTPError
	if !errors.As(err, &he) || he.Status != 500 {
		t.Errorf("fetching a deleted message: %v", err)
	}
}

// The client's requests work where a naive one crashes the server, and a
// client whose session logged out gets a fault.
func TestRSIClientInteropAuth(t *testing.T) {
	s := newTestServer(t, Options{})
	seedCaptured(s)
	bob := login(t, s, "bob@example.com", "bob123", 12, "")
	c := rsiClient(t, s, "bob@example.com")
	entries, err := c.GetMetadata(context.Background())
	if err != nil || len(entries) != 2 || entries[0].ID != capturedRSIIDs[0] || !entries[0].Received.Equal(capturedRSITime) {
		t.Fatalf("MSNP12 session: %+v, %v", entries, err)
	}
	bob.send("OUT")
	bob.expectClosed()
	waitFor(t, func() bool { return len(s.Online("bob@example.com")) == 0 })
	_, err = c.GetMetadata(context.Background())
	var f *soap.Fault
	if !errors.As(err, &f) || !f.HasCode("Client") {
		t.Errorf("logged out: %v", err)
	}
}
