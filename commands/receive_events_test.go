package commands

import (
	"context"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/soap"
)

// TestSendToReceiveJSON: what msn send sends arrives at msn receive, in
// another process, as JSON lines with exactly the documented fields and
// the text byte for byte, at every dialect; a nudge is an event but not a
// message, so --count 2 ends the run after the two texts, with exit 0.
func TestSendToReceiveJSON(t *testing.T) {
	text := "grüße \"世界\" 🌍\ttab\nsecond line \\ end"
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			start := time.Now().UTC().Truncate(time.Second)
			rx := c.startReceive(p, "--json", "--count", "2")
			env := append(alice, "MSN_PROTOCOL="+p)
			c.runEnv(env, "", "send", "--nudge", "bob@example.com").expect(t, 0)
			c.runEnv(env, text, "send", "bob@example.com").expect(t, 0)
			c.runEnv(env, "", "send", "bob@example.com", "second").expect(t, 0)
			if code := rx.wait(t); code != 0 {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			events := rx.events(t)
			if len(events) != 3 {
				t.Fatalf("events:\n%s", rx.stdout)
			}
			wantFields := map[string][]string{
				"nudge":   {"conversation", "from", "name", "time", "type"},
				"message": {"conversation", "from", "name", "text", "time", "type"},
			}
			for i, want := range []struct{ kind, text string }{{"nudge", ""}, {"message", text}, {"message", "second"}} {
				ev := events[i]
				if ev["type"] != want.kind || ev["from"] != "alice@example.com" || ev["name"] != "Alice" || ev["conversation"] == "" {
					t.Errorf("event %d: %v", i, ev)
				}
				if want.kind == "message" && ev["text"] != want.text {
					t.Errorf("event %d: text %q, want %q", i, ev["text"], want.text)
				}
				if got := keys(ev); !reflect.DeepEqual(got, wantFields[want.kind]) {
					t.Errorf("event %d has the fields %v, want %v", i, got, wantFields[want.kind])
				}
				when, err := time.Parse(time.RFC3339, ev["time"].(string))
				if err != nil || when.Before(start) || when.After(time.Now()) || when.Location() != time.UTC {
					t.Errorf("event %d: time %v (%v)", i, ev["time"], err)
				}
			}
		})
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestReceiveOfflineMessages: at every dialect, an offline message
// waiting at sign-in and one stored while msn receive runs are each
// printed once, as JSON lines with the documented fields, and deleted from
// the server once printed; both count as messages.
func TestReceiveOfflineMessages(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			c.srv.StoreOffline("bob@example.com", msntest.OIM{From: "alice@example.com", FromName: "Alice", Text: "before\tyou came", Sequence: 1})
			rx := c.startReceive(p, "--json", "--count", "2")
			rx.stdout.waitLine(t, `"type":"offline"`)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			waitFor(t, ctx, "the first message to be deleted", func() bool { return len(c.srv.OfflineMessages("bob@example.com")) == 0 })

			alice, err := peer.Login(ctx, peer.Config{Server: c.srv.NSAddr(), Services: c.srv.ServicesURL(), HTTP: c.srv.HTTPClient(),
				Account: "alice@example.com", Password: "alice123", Dialect: dialectOf(t, p)})
			if err != nil {
				t.Fatal(err)
			}
			defer alice.Logout(ctx)
			base, _ := url.Parse(c.srv.ServicesURL())
			if err := im.OfflineFor(alice, &soap.Client{HTTP: c.srv.HTTPClient(), Base: base}).Store(ctx, "bob@example.com", "while you were out"); err != nil {
				t.Fatal(err)
			}
			if code := rx.wait(t); code != 0 {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			events := rx.events(t)
			if len(events) != 2 {
				t.Fatalf("events:\n%s", rx.stdout)
			}
			for i, text := range []string{"before\tyou came", "while you were out"} {
				ev := events[i]
				if ev["type"] != "offline" || ev["from"] != "alice@example.com" || ev["text"] != text || ev["id"] == "" {
					t.Errorf("event %d: %v", i, ev)
				}
				if got, want := keys(ev), []string{"from", "id", "name", "sequence", "text", "time", "type"}; !reflect.DeepEqual(got, want) {
					t.Errorf("event %d has the fields %v, want %v", i, got, want)
				}
			}
			if events[0]["name"] != "Alice" || events[0]["sequence"] != float64(1) {
				t.Errorf("first event: %v", events[0])
			}
			if left := c.srv.OfflineMessages("bob@example.com"); len(left) != 0 {
				t.Fatalf("left on the server: %+v", left)
			}
		})
	}
}

// TestReceiveLinesEscapeEveryField: a sender's address as a hostile
// server may send it (MSG and NLN parameters are split at spaces only)
// cannot add a field, or a line, to the tab-separated output.
func TestReceiveLinesEscapeEveryField(t *testing.T) {
	const from = "eve@example.com\tforged\nmessage"
	for _, ev := range []event{
		newMessageEvent("1", from, "Eve", "hi"),
		newNudgeEvent("1", from, "Eve"),
		newPresenceEvent(ns.Presence{Email: from, Status: ns.StatusOnline}),
	} {
		line, err := ev.record(false)
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Split(strings.TrimSuffix(string(line), "\n"), "\t")
		if strings.Count(string(line), "\n") != 1 || len(fields) != len(ev.fields) || fields[1] != `eve@example.com\tforged\nmessage` {
			t.Errorf("%s line %q", ev.kind, line)
		}
	}
}
