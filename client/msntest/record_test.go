package msntest

import (
	"strconv"
	"testing"

	"github.com/msn-cli/msn/client/msnp"
)

// TestReceivedKeepsTheLastMessages: past keptReceived messages, Received
// lists the last ones in order, and the record stays bounded.
func TestReceivedKeepsTheLastMessages(t *testing.T) {
	s := newTestServer(t, Options{})
	const n = 2*keptReceived + 500
	s.mu.Lock()
	for i := range n {
		s.recordReceived("bob@example.com", msnp.Command{Name: "MSG", Params: []string{strconv.Itoa(i)}})
	}
	held := cap(s.received["bob@example.com"])
	s.mu.Unlock()
	got := s.Received("bob@example.com")
	if len(got) != keptReceived || got[0].Params[0] != strconv.Itoa(n-keptReceived) || got[len(got)-1].Params[0] != strconv.Itoa(n-1) {
		t.Fatalf("%d messages, from %v to %v", len(got), got[0].Params, got[len(got)-1].Params)
	}
	if held >= n {
		t.Fatalf("the record holds room for %d messages", held)
	}
}
