package ns

import (
	"strings"
)

// The session keeps what the server says about the presence of the
// user's contacts (ILN, NLN, FLN, UBX) and of the account itself (its own
// NLN and UBX at MSNP16+), decoded by decodePresence.

// ContactOnline reports whether the server said a contact is online
// (ILN or NLN since the first CHG, no FLN after). Only contacts on the
// user's forward list are reported on.
func (s *Session) ContactOnline(email string) bool {
	p, _ := s.Contact(email)
	return p.Online()
}

// Contact returns what the server last said about a contact's presence,
// and whether it said anything. Safe for concurrent use; it never blocks.
func (s *Session) Contact(email string) (Presence, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.roster[strings.ToLower(email)]
	return p, ok
}

// ContactPresence reports, as ContactOnline, whether a contact is online,
// and returns a channel closed when the next presence line about any
// contact (ILN, NLN, FLN or UBX) has been recorded: taken together, so
// that a caller waiting for a contact to come online misses no change.
// Safe for concurrent use; it never blocks.
func (s *Session) ContactPresence(email string) (online bool, changed <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.roster[strings.ToLower(email)].Online(), s.presenceChanged
}

// watchPresence records a presence line, about a contact or about the
// account itself (own), and returns the presence as it now is when the
// line changed it, else nil. It runs on the read goroutine.
func (s *Session) watchPresence(line presenceLine, payload []byte) (changed *Presence, own bool) {
	if strings.EqualFold(line.email, s.cfg.Account) {
		return s.watchOwnPresence(line, payload), true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roster == nil {
		s.roster = map[string]Presence{}
	}
	old := s.roster[line.email]
	now := line.applyTo(old)
	s.roster[line.email] = now
	close(s.presenceChanged)
	s.presenceChanged = make(chan struct{})
	if now == old {
		return nil, false
	}
	return &now, false
}
