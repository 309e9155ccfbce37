package echo_test

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest/echo"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/transfer"
)

// TestEchoReachesASenderWhoStays: a sender who stays online gets every
// text back, in order, in a conversation the echo contact opens, at every
// dialect; nothing is stored offline.
func TestEchoReachesASenderWhoStays(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := newWorld(t, echo.Config{Wait: time.Minute})
			alice := w.startPeer(t, "alice@example.com", d)
			texts := []string{"one", "two ünïcode", "three"}
			say(t, alice.Session, texts...)
			ctx := ctxT(t)
			if got := alice.WaitTexts(ctx, 3); !slices.Equal(got, texts) {
				t.Fatalf("alice got %q back, want %q", got, texts)
			}
			if ev := w.waitEvent(t, echo.Echoed, "alice@example.com"); ev.Offline || ev.Text != "one" || ev.Contact != "bob@example.com" {
				t.Fatalf("first echo reported as %+v", ev)
			}
			if ev := w.waitEvent(t, echo.Message, "alice@example.com"); ev.Text != "one" {
				t.Fatalf("first message reported as %+v", ev)
			}
			if oims := w.srv.OfflineMessages("alice@example.com"); len(oims) != 0 {
				t.Fatalf("echoes stored offline: %+v", oims)
			}
		})
	}
}

// TestEchoWaitsForTheSenderToSignIn: a one-shot sender (hidden where the
// dialect allows, else visible only while sending, and deaf to
// invitations, as msn send is) has left when the echo is ready; the echo
// waits, and reaches the sender's next sign-in, online.
func TestEchoWaitsForTheSenderToSignIn(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := newWorld(t, echo.Config{Wait: time.Minute})
			w.sayOnce(t, "alice@example.com", d, "are you there?")
			w.waitEvent(t, echo.Message, "alice@example.com")
			alice := w.startPeer(t, "alice@example.com", d)
			if got := alice.WaitTexts(ctxT(t), 1); !slices.Equal(got, []string{"are you there?"}) {
				t.Fatalf("alice got %q back", got)
			}
			if ev := w.waitEvent(t, echo.Echoed, "alice@example.com"); ev.Offline {
				t.Fatalf("echo reported as %+v", ev)
			}
			if oims := w.srv.OfflineMessages("alice@example.com"); len(oims) != 0 {
				t.Fatalf("echo stored offline: %+v", oims)
			}
		})
	}
}

// TestEchoStoredOfflineWhenTheSenderStaysAway: with no wait, an echo for
// a sender who is not online is stored as an offline message at once.
func TestEchoStoredOfflineWhenTheSenderStaysAway(t *testing.T) {
	w := newWorld(t, echo.Config{})
	w.sayOnce(t, "alice@example.com", ns.MSNP18, "see you later")
	if ev := w.waitEvent(t, echo.Echoed, "alice@example.com"); !ev.Offline {
		t.Fatalf("echo reported as %+v", ev)
	}
	oims := w.srv.OfflineMessages("alice@example.com")
	if len(oims) != 1 || oims[0].From != "bob@example.com" || oims[0].Text != "see you later" {
		t.Fatalf("stored for alice: %+v", oims)
	}
}

// TestFilesAreSaved: a file sent to the echo contact lands in its folder
// byte for byte and is reported with its SHA-256; a second one of the
// same name gets a name of its own.
func TestFilesAreSaved(t *testing.T) {
	w := newWorld(t, echo.Config{})
	alice := w.login(t, "alice@example.com", ns.MSNP18)
	ctx := ctxT(t)
	p, err := transfer.Dial(ctx, alice, "bob@example.com", transfer.PeerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	data := bytes.Repeat([]byte("0123456789abcdef"), 300)
	for range 2 {
		if _, err := p.SendFile(ctx, bytes.NewReader(data), "../report.txt", uint64(len(data)), transfer.SendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	files := w.waitEvents(t, echo.File, 2)
	if len(files) != 2 {
		t.Fatalf("files reported: %+v", files)
	}
	for _, ev := range files {
		got, err := os.ReadFile(ev.Saved.Path)
		if err != nil || !bytes.Equal(got, data) || ev.Saved.SHA256 != sha256.Sum256(data) || ev.Name != "../report.txt" {
			t.Fatalf("%+v: %d bytes, %v", ev, len(got), err)
		}
		if filepath.Dir(ev.Saved.Path) != w.files {
			t.Fatalf("saved outside the folder: %s", ev.Saved.Path)
		}
	}
	if files[0].Saved.Path == files[1].Saved.Path {
		t.Fatalf("both saved as %s", files[0].Saved.Path)
	}
}

// TestSignedOutIsReported: a contact the server signs out says so.
func TestSignedOutIsReported(t *testing.T) {
	w := newWorld(t, echo.Config{})
	w.srv.Kick("bob@example.com", "OTH")
	if ev := w.waitEvent(t, echo.SignedOut, ""); ev.Err == nil {
		t.Fatalf("sign-out reported as %+v", ev)
	}
}
