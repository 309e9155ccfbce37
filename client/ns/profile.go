package ns

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// The user's own display name and personal message, as Escargot keeps
// them (front/msn/msnp_ns.py, core/backend.py, core/user.py):
//
//   - `PRP MFN name` renames the account at every dialect this client
//     speaks. The server stores the name in its database: it is what
//     contacts see in presence lines and what SYN (MSNP12) and the address
//     book's Me entry (MSNP15/18) give back at later logins.
//   - `UUX <Data><PSM>...</PSM></Data>` sets the personal message. The
//     server keeps it in memory with the account, not in its database: it
//     outlives a sign-out (contacts see it at the next visible sign-in, of
//     any client that does not publish its own) but not a server restart.
//     Only MSNP16+ tells a client its own message back (the own UBX after
//     a CHG).
//   - The address book's ABContactUpdate of the Me entry leaves the name as
//     it is, and the storage service's profile (UpdateProfile) is a copy the
//     notification server never reads: neither changes what contacts see.
//
// A change made before the session's first CHG reaches no contact at once:
// Escargot notifies contacts only of an account that is not offline. A
// change made while hidden (HDN) is sent to them all the same (an `NLN HDN`
// line with the new name, a UBX with the new message), which tells them
// the account is signed in; set them before any CHG to stay unseen.

// Limits on what SetProfile accepts.
const (
	// MaxDisplayName is the longest display name the protocol allows, in
	// bytes once URL-encoded as PRP MFN carries it.
	MaxDisplayName = 387
	// MaxPersonalMessage is the longest personal message, in characters,
	// that this client publishes; the server has no limit of its own.
	MaxPersonalMessage = 129
)

// Errors of CheckDisplayName and CheckPersonalMessage.
var (
	ErrEmptyName  = errors.New("ns: a display name cannot be empty")
	ErrTooLong    = errors.New("ns: too long")
	ErrNotText    = errors.New("ns: not printable UTF-8 text")
	ErrNoSelfView = errors.New("ns: this dialect does not tell a client its own personal message")
)

// CheckDisplayName says whether name can be set: not empty, printable
// UTF-8 without control characters, at most MaxDisplayName bytes encoded.
func CheckDisplayName(name string) error {
	switch {
	case name == "":
		return ErrEmptyName
	case !printableText(name):
		return fmt.Errorf("%w: the display name", ErrNotText)
	case len(encodeName(name)) > MaxDisplayName:
		return fmt.Errorf("%w: the display name takes %d bytes URL-encoded, the limit is %d", ErrTooLong, len(encodeName(name)), MaxDisplayName)
	}
	return nil
}

// CheckPersonalMessage says whether psm can be set: printable UTF-8
// without control characters, at most MaxPersonalMessage characters. The
// empty message (which clears it) is allowed.
func CheckPersonalMessage(psm string) error {
	switch {
	case !printableText(psm):
		return fmt.Errorf("%w: the personal message", ErrNotText)
	case utf8.RuneCountInString(psm) > MaxPersonalMessage:
		return fmt.Errorf("%w: the personal message has %d characters, the limit is %d", ErrTooLong, utf8.RuneCountInString(psm), MaxPersonalMessage)
	}
	return nil
}

// printableText refuses invalid UTF-8 and control characters (which
// neither a command line nor an XML document may carry).
func printableText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return false
		}
	}
	return true
}

// encodeName URL-encodes a display name for PRP MFN: every byte but the
// unreserved ASCII ones as %XX. Escargot splits a command line on any
// Unicode space (U+3000 included), so no raw non-ASCII may go.
func encodeName(name string) string {
	return strings.ReplaceAll(url.PathEscape(name), "+", "%2B")
}

// decodeParam URL-decodes a name as the server wrote it (Escargot escapes
// only %, space, CR and LF, and sends the rest as raw UTF-8).
func decodeParam(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

func (s *Session) startDisplayName(ctx context.Context, name string) (*conn.Call, error) {
	if err := CheckDisplayName(name); err != nil {
		return nil, err
	}
	calls, err := s.conn.Start(ctx, msnp.Command{Name: "PRP", Params: []string{"MFN", encodeName(name)}})
	if err != nil {
		return nil, fmt.Errorf("ns: PRP MFN: %w", err)
	}
	return calls[0], nil
}

func (s *Session) waitDisplayName(ctx context.Context, call *conn.Call) (string, error) {
	reply, err := call.Wait(ctx)
	if err != nil {
		return "", fmt.Errorf("ns: PRP MFN: %w", err)
	}
	// `PRP trid MFN name`; a list version before MFN (below MSNP10) is
	// skipped.
	params := reply.Params
	for len(params) > 0 && params[0] != "MFN" {
		params = params[1:]
	}
	if len(params) < 2 {
		return "", fmt.Errorf("%w: PRP MFN echoed without a name", msnp.ErrUnexpectedReply)
	}
	name := decodeParam(params[1])
	s.mu.Lock()
	s.ownName, s.ownNameSeen = name, true
	s.mu.Unlock()
	return name, nil
}

func (s *Session) startPersonalMessage(ctx context.Context, psm string) (*conn.Call, error) {
	if err := CheckPersonalMessage(psm); err != nil {
		return nil, err
	}
	calls, err := s.conn.Start(ctx, msnp.Command{Name: "UUX", Payload: personalMessageDocument(psm)})
	if err != nil {
		return nil, fmt.Errorf("ns: UUX: %w", err)
	}
	return calls[0], nil
}

func waitPersonalMessage(ctx context.Context, call *conn.Call) error {
	if _, err := call.Wait(ctx); err != nil {
		return fmt.Errorf("ns: UUX: %w", err)
	}
	return nil
}

// SetProfile renames the account and publishes its personal message, each
// when not nil, in one round trip, and returns the name as the server
// echoed it ("" when name is nil). It blocks until both are acknowledged
// or ctx is done.
func (s *Session) SetProfile(ctx context.Context, name, psm *string) (string, error) {
	var nameCall, psmCall *conn.Call
	var err error
	if name != nil {
		if nameCall, err = s.startDisplayName(ctx, *name); err != nil {
			return "", err
		}
	}
	if psm != nil {
		if psmCall, err = s.startPersonalMessage(ctx, *psm); err != nil {
			return "", err
		}
	}
	var echoed string
	if nameCall != nil {
		if echoed, err = s.waitDisplayName(ctx, nameCall); err != nil {
			return "", err
		}
	}
	if psmCall != nil {
		if err := waitPersonalMessage(ctx, psmCall); err != nil {
			return "", err
		}
	}
	return echoed, nil
}

// OwnView returns the account's display name and personal message as the
// server shows them to contacts, from its own NLN and UBX (MSNP16+). It
// sets the hidden status first if no status is set (the server sends
// them only after a CHG), then blocks until the UBX listing this session's
// endpoint has arrived, the connection ends or ctx is done, and reports
// what that first UBX said: make changes (SetProfile) before it. In a
// dialect without SelfPresence it returns ErrNoSelfView at once.
func (s *Session) OwnView(ctx context.Context) (name, psm string, err error) {
	if !s.Dialect.SelfPresence {
		return "", "", ErrNoSelfView
	}
	if err := s.waitOwnUBX(ctx); err != nil {
		return "", "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ownName, s.ownPSM, nil
}

// watchOwnPresence records what the account's own NLN (its name) and UBX
// (its personal message and sign-ins) say; MSNP16+ sends them to each
// endpoint after a CHG. It returns the account's presence when the line
// changed it, else nil. It runs on the read goroutine.
func (s *Session) watchOwnPresence(line presenceLine, payload []byte) *Presence {
	if line.kind == "UBX" {
		s.ownUBX(payload, line.message)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if line.kind == "NLN" {
		s.ownName, s.ownNameSeen = line.name, true
	}
	old := s.own
	s.own = line.applyTo(old)
	if s.own == old {
		return nil
	}
	now := s.own
	return &now
}
