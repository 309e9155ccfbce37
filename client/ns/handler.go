package ns

import "github.com/msn-cli/msn/client/msnp"

// Handler receives, decoded, what the notification server sends without
// being asked. Its funcs run on the session's read goroutine, one at a
// time in the order the lines arrived, and must not block (no reply is
// read meanwhile): longer work goes to a goroutine of its own. Any may be
// nil. A panic in one ends the connection (Session.Err says so).
type Handler struct {
	// Presence is told each change of a contact's presence (ILN, NLN,
	// FLN, UBX): the contact as now known. A line that changes nothing is
	// not told.
	Presence func(Presence)
	// Own is told each change of the account's own presence as the
	// server shows it to contacts: its own NLN and UBX, which dialects
	// with SelfPresence send after a status change.
	Own func(Presence)
	// Invitation is told each invitation to a switchboard (RNG); answer
	// it on another goroutine. A malformed one is dropped.
	Invitation func(Invitation)
	// OfflineMessages is told each Mail-Data notice: after the first
	// status change, the offline messages waiting (Initial), then each
	// message stored while the session is up.
	OfflineMessages func(MailNotice)
	// SignedOut is told when the server signs the session out (OUT), with
	// the reason as an error (errors.As an *OutError); the connection
	// ends next.
	SignedOut func(error)
}

// unsolicited runs on the read goroutine for each command no call
// claimed: it records what the session keeps, then tells the handler.
func (s *Session) unsolicited(cmd msnp.Command) {
	h := s.cfg.Handler
	switch cmd.Name {
	case "QNG":
		s.pong()
	case "ILN", "NLN", "FLN", "UBX":
		line, ok := decodePresence(s.Dialect, cmd)
		if !ok {
			break
		}
		p, own := s.watchPresence(line, cmd.Payload)
		switch {
		case p == nil:
		case own && h.Own != nil:
			h.Own(*p)
		case !own && h.Presence != nil:
			h.Presence(*p)
		}
	case "RNG":
		if inv, err := parseInvitation(cmd); err == nil && h.Invitation != nil {
			h.Invitation(inv)
		}
	case "MSG":
		if n, ok := s.watchHotmail(cmd); ok && h.OfflineMessages != nil {
			h.OfflineMessages(n)
		}
	case "OUT":
		if h.SignedOut != nil {
			h.SignedOut(s.conn.Err())
		}
	}
	s.watchDisplayName(cmd)
	s.watchList(cmd)
}
