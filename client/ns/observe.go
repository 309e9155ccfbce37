package ns

import (
	"context"
	"fmt"
	"strings"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// ObservePresence sets the hidden status, if no status is set yet, and
// blocks until the presence burst that answers the first CHG has arrived
// (Sync), so that ContactOnline can say who is online without the user
// having appeared. Where a hidden user cannot open a switchboard (MSNP12)
// this lets a send to an offline contact stay invisible. Safe for
// concurrent use; the work is done once.
func (s *Session) ObservePresence(ctx context.Context) error {
	s.observeMu.Lock()
	defer s.observeMu.Unlock()
	if s.observed {
		return nil
	}
	s.presenceMu.Lock()
	set := s.presenceSet
	s.presenceMu.Unlock()
	var chgCall *conn.Call
	if !set { // CHG and the PNG of Sync leave together: one round trip
		calls, err := s.startPresence(ctx, StatusHidden)
		if err != nil {
			return fmt.Errorf("ns: CHG: %w", err)
		}
		chgCall = calls[0] // the only one: hidden
	}
	if err := s.Sync(ctx); err != nil {
		return err
	}
	if chgCall != nil {
		if _, err := chgCall.Wait(ctx); err != nil {
			return fmt.Errorf("ns: CHG: %w", err)
		}
	}
	s.observed = true
	return nil
}

// ContactOnline reports whether the server said a contact is online
// (ILN or NLN since the first CHG, no FLN after). Only contacts on the
// user's forward list are reported on.
func (s *Session) ContactOnline(email string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onlineContacts[strings.ToLower(email)]
}

// ContactPresence reports, as ContactOnline, whether a contact is online,
// and returns a channel closed when the next presence line about any
// contact (ILN, NLN or FLN) has been recorded: taken together, so that a
// caller waiting for a contact to come online misses no change. Safe for
// concurrent use; it never blocks.
func (s *Session) ContactPresence(email string) (online bool, changed <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onlineContacts[strings.ToLower(email)], s.presenceChanged
}

// watchPresence records ILN, NLN and FLN; it runs on the read goroutine.
func (s *Session) watchPresence(cmd msnp.Command) {
	var who string
	online := true
	switch cmd.Name {
	case "ILN", "NLN":
		who = cmd.Param(1)
	case "FLN":
		who, online = cmd.Param(0), false
	default:
		return
	}
	if i := strings.Index(who, ":"); i >= 0 {
		who = who[i+1:] // MSNP18 "1:email"
	}
	who, _, _ = strings.Cut(who, ";")
	s.mu.Lock()
	if s.onlineContacts == nil {
		s.onlineContacts = map[string]bool{}
	}
	s.onlineContacts[strings.ToLower(who)] = online && cmd.Param(0) != StatusHidden
	close(s.presenceChanged)
	s.presenceChanged = make(chan struct{})
	s.mu.Unlock()
}
