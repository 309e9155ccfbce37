package oim

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// readCaptured reads a captured offline-messages SOAP body (request header
// block dropped), failing the test when it is missing.
func readCaptured(t testing.TB, name string) []byte {
	t.Helper()
	return transcript.Capture(t, filepath.Join("soap", "offline-messages", name))
}

// capturedTicket is the ticket in the captured Store2 requests.
func capturedTicket(t testing.TB, body []byte) string {
	t.Helper()
	m := regexp.MustCompile(`passport="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no ticket in the captured request")
	}
	return regexp.MustCompile(`&amp;`).ReplaceAllString(string(m[1]), "&")
}

// capturedMessage is the first message of the captured run (requests 02
// and 03); the second (04) has Sequence 2 and the text "Second offline
// message.".
var capturedMessage = Message{
	From:     "alice@example.com",
	FromName: "Alice",
	To:       "bob@example.com",
	Text:     "Hi Bob, you were offline - this is an OIM from Alice. éè ☃",
	Sequence: 1,
	RunID:    "{33C34A79-A799-4BA2-8DFD-4DC7CF10704A}",
}
