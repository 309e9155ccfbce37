package ns

import (
	"context"
	"fmt"

	"github.com/msn-cli/msn/client/conn"
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
