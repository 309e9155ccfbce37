package msntest

import (
	"encoding/base64"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// TestMBIAgainstCapturedLogins checks the server's MBI verification with
// the values of every captured MSNP15/18 login: the nonce Escargot sent,
// the messengerclear.live.com BinarySecret it issued and the response the
// client computed (which Escargot accepted, except in BAD-NS where it was
// deliberately wrong).
func TestMBIAgainstCapturedLogins(t *testing.T) {
	files := transcript.Captures(t, "transcripts/*.txt")
	secretRe := regexp.MustCompile(`token for messengerclear\.live\.com: .*BinarySecret=(\S+)`)
	checked := 0
	for _, f := range files {
		lines, err := transcript.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		nonces := map[string]string{}
		secret := ""
		for _, l := range lines {
			if m := secretRe.FindStringSubmatch(l.Text); m != nil {
				secret = m[1]
				continue
			}
			fields := strings.Fields(l.Text)
			if !l.FromMe && len(fields) == 6 && fields[4] == "MBI_KEY_OLD" {
				nonces[l.Session] = fields[5]
				continue
			}
			if !l.FromMe || len(fields) < 6 || fields[0] != "USR" || fields[2] != "SSO" || fields[3] != "S" {
				continue
			}
			want := l.Session != "BAD-NS"
			if got := mbiVerify(secret, nonces[l.Session], fields[5]); got != want {
				t.Errorf("%s:%d: verify = %v, want %v", filepath.Base(f), l.Number, got, want)
			}
			// Recomputing with the captured IV gives the captured blob.
			if want {
				raw, _ := base64.StdEncoding.DecodeString(fields[5])
				key, _ := base64.StdEncoding.DecodeString(secret)
				blob, err := mbiBlob(key, nonces[l.Session], raw[28:36])
				if err != nil || base64.StdEncoding.EncodeToString(blob) != fields[5] {
					t.Errorf("%s:%d: recomputed blob differs", filepath.Base(f), l.Number)
				}
			}
			checked++
		}
	}
	if checked < 6 {
		t.Fatalf("only %d captured MBI responses found", checked)
	}
}

func TestMBIRejectsMalformed(t *testing.T) {
	secret := base64.StdEncoding.EncodeToString(make([]byte, 24))
	nonce := strings.Repeat("A", 64)
	good := mbiFor(t, secret, nonce)
	if !mbiVerify(secret, nonce, good) {
		t.Fatal("own response does not verify")
	}
	raw, _ := base64.StdEncoding.DecodeString(good)
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 1
		return base64.StdEncoding.EncodeToString(b)
	}
	for name, resp := range map[string]string{
		"empty":         "",
		"not base64":    "!!!",
		"short":         base64.StdEncoding.EncodeToString(raw[:30]),
		"header":        flip(0),
		"iv only":       base64.StdEncoding.EncodeToString(raw[:36]),
		"hash":          flip(40),
		"cipher":        flip(len(raw) - 1),
		"trailing byte": base64.StdEncoding.EncodeToString(append(append([]byte(nil), raw...), 0)),
	} {
		if mbiVerify(secret, nonce, resp) {
			t.Errorf("%s: verified", name)
		}
	}
	if mbiVerify("", nonce, good) {
		t.Error("verified without a secret")
	}
	if mbiVerify(secret, strings.Repeat("B", 64), good) {
		t.Error("verified against another nonce")
	}
}
