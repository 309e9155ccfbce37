package msntest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// Lifetimes of the tokens the server hands out (NOTES.md section 2).
const (
	loginTokenLife = 24 * time.Hour
	sbCookieLife   = 120 * time.Second
)

// loginToken is an RST login token: 20 lowercase hex characters, reusable
// until it expires.
type loginToken struct {
	email   string
	expires time.Time
	secret  string // base64 BinarySecret of messengerclear.live.com, "" if none was issued
}

// sbCookie is a switchboard cookie (the CKI value of XFR and RNG):
// in memory, single use, short-lived.
type sbCookie struct {
	acct    *account
	ns      *nsConn // the session that asked for it
	expires time.Time
	session *sbSession // for RNG cookies: the session the invitee may join
}

// newToken returns 20 lowercase hex characters.
func newToken() string {
	var b [10]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// newLoginToken issues a login token for email, with the MBI secret when
// one was issued in the same response. The caller holds s.mu.
func (s *Server) newLoginToken(email, secret string) string {
	tok := newToken()
	s.tokens[tok] = &loginToken{email: email, expires: time.Now().Add(loginTokenLife), secret: secret}
	return tok
}

// lookupToken returns a live login token. The caller holds s.mu.
func (s *Server) lookupToken(tok string) *loginToken {
	t := s.tokens[tok]
	if t == nil {
		return nil
	}
	if time.Now().After(t.expires) {
		delete(s.tokens, tok)
		return nil
	}
	return t
}

// newCookie issues a single-use switchboard cookie. The caller holds s.mu.
func (s *Server) newCookie(c *sbCookie) string {
	tok := newToken()
	c.expires = time.Now().Add(sbCookieLife)
	s.cookies[tok] = c
	return tok
}

// takeCookie consumes a cookie; nil when unknown, used or expired. The
// caller holds s.mu.
func (s *Server) takeCookie(tok string) *sbCookie {
	c := s.cookies[tok]
	if c == nil {
		return nil
	}
	delete(s.cookies, tok)
	if time.Now().After(c.expires) {
		return nil
	}
	return c
}

// ticketTail is what follows the 20-hex token in a compact ticket: a
// fixed, meaningless blob of the same shape and length as Escargot's
// (clients keep it opaque), then "&p=". Built once from a hash chain so
// that the server ships no captured data.
var ticketTail = func() string {
	var raw []byte
	sum := sha256.Sum256([]byte("msntest compact ticket"))
	for len(raw) < 760 {
		raw = append(raw, sum[:]...)
		sum = sha256.Sum256(sum[:])
	}
	body := base64.StdEncoding.EncodeToString(raw)
	return "Y6+H31sTUOFkqjNTDY" + body[:1008] + "==&p="
}()

// ticket is the compact ticket for a token: t=<token><tail>&p=.
func ticket(tok string) string { return "t=" + tok + ticketTail }

// mspAuth is the profile's MSPAuth value: the ticket without "t=".
func mspAuth(tok string) string { return tok + ticketTail }

// tokenOfTicket is how Escargot reads USR ... S: the characters [2:22] of
// a ticket starting with "t=", else the whole string.
func tokenOfTicket(t string) string {
	if strings.HasPrefix(t, "t=") {
		t = t[2:]
		if len(t) > 20 {
			t = t[:20]
		}
	}
	return t
}
