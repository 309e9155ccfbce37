package oim

import (
	"errors"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/soap"
)

// The captured refusal of an empty lock key carries the challenge.
func TestLockKeyChallengeCaptured(t *testing.T) {
	f := soap.FindFault(readCaptured(t, "02-OimWS_oim.asmx.response.500.xml"))
	if f == nil || !f.HasCode("AuthenticationFailed") {
		t.Fatalf("fault = %+v", f)
	}
	chl, ok := lockKeyChallenge(f)
	if !ok || chl != "1850937852" {
		t.Errorf("challenge = %q, %v; want 1850937852", chl, ok)
	}
}

func TestLockKeyChallengeForms(t *testing.T) {
	for _, tt := range []struct {
		detail, want string
		ok           bool
	}{
		{`<LockKeyChallenge xmlns="urn:x"> 42 </LockKeyChallenge>`, "42", true},
		{`<q:LockKeyChallenge>7</q:LockKeyChallenge>`, "7", true}, // prefix declared outside the detail
		{`<TweenerChallenge>ct=1</TweenerChallenge>`, "", false},
		{`<LockKeyChallenge></LockKeyChallenge>`, "", false},
		{`<LockKeyChallenge>1 2</LockKeyChallenge>`, "", false},
		{`<LockKeyChallenge>` + strings.Repeat("9", maxChallenge+1) + `</LockKeyChallenge>`, "", false},
		{`<LockKeyChallenge>`, "", false},
		{``, "", false},
	} {
		got, ok := lockKeyChallenge(&soap.Fault{Detail: tt.detail})
		if got != tt.want || ok != tt.ok {
			t.Errorf("%q: got %q, %v; want %q, %v", tt.detail, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := lockKeyChallenge(nil); ok {
		t.Error("nil fault gave a challenge")
	}
}

// The captured acknowledgments of messages 1 and 2.
func TestCheckStoreResponseCaptured(t *testing.T) {
	for file, seq := range map[string]int{"03-OimWS_oim.asmx.response.200.xml": 1, "04-OimWS_oim.asmx.response.200.xml": 2} {
		body := readCaptured(t, file)
		if err := checkStoreResponse(body, seq); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		if err := checkStoreResponse(body, seq+1); err == nil {
			t.Errorf("%s: accepted as the acknowledgment of message %d", file, seq+1)
		}
		if f := soap.FindFault(body); f != nil {
			t.Errorf("%s: fault found: %+v", file, f)
		}
	}
	// No acknowledgment header: the StoreResponse is enough.
	if err := checkStoreResponse([]byte(`<Envelope><Body><StoreResponse/></Body></Envelope>`), 5); err != nil {
		t.Error(err)
	}
	if err := checkStoreResponse([]byte(`<Envelope><Body/></Envelope>`), 1); err == nil {
		t.Error("a body without StoreResponse was accepted")
	}
}

func TestRefusalUnwrap(t *testing.T) {
	f := &soap.Fault{HTTPStatus: 500, Code: "q0:InvalidContent"}
	err := error(&refusal{kind: ErrRefused, m: &capturedMessage, fault: f})
	var got *soap.Fault
	if !errors.Is(err, ErrRefused) || !errors.As(err, &got) || got != f {
		t.Errorf("refusal does not unwrap: %v", err)
	}
	if want := "oim: offline message refused: message 1 to bob@example.com: fault q0:InvalidContent"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
