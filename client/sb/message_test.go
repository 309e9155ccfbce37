package sb

import "testing"

// TestIsNudge: the datacast this client sends, and libpurple's with a
// trailing blank line, are nudges; other datacasts and texts are not.
func TestIsNudge(t *testing.T) {
	for payload, want := range map[string]bool{
		string(NudgePayload()): true,
		"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n\r\n":           true,
		"MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 2\r\nData: wink\r\n\r\n": false,
		string(TextPayload("ID: 1")):             false,
		string(TypingPayload("bob@example.com")): false,
	} {
		h, body := parseMessage([]byte(payload))
		if got := (Message{Header: h, Body: body}).IsNudge(); got != want {
			t.Errorf("%q: IsNudge = %v, want %v", payload, got, want)
		}
	}
}
