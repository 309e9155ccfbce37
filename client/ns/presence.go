package ns

import (
	"context"
	"fmt"
	"time"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// Presence statuses for CHG.
const (
	StatusOnline = "NLN"
	StatusHidden = "HDN"
)

// MinVisible is how long a session stays after its first visible CHG
// before it logs out: Escargot's presence worker fails, and drops other
// users' presence updates, when a session leaves within ~0.2 s of it
// (NOTES.md quirk 22).
var MinVisible = 250 * time.Millisecond

// SetPresence changes the user's status (CHG) and blocks until the server
// echoes it or ctx is done. An online status makes the session visible to
// contacts. Where the status is the account's, shared by its sign-ins
// (MSNP16+), a visible status is also told as this endpoint's own state
// (UUX), in the same write: a hidden run of the same account reads it
// when it signs in, and puts it back when it leaves.
func (s *Session) SetPresence(ctx context.Context, status string) error {
	calls, err := s.startPresence(ctx, status)
	if err != nil {
		return fmt.Errorf("ns: CHG: %w", err)
	}
	for _, call := range calls {
		if _, err := call.Wait(ctx); err != nil {
			return fmt.Errorf("ns: %s: %w", call.Name, err)
		}
	}
	return nil
}

// startPresence writes the CHG (and, for a visible status at MSNP16+, the
// UUX with this endpoint's state) and returns the calls without waiting,
// so that a caller can pipeline more behind them. The first call is the
// CHG.
func (s *Session) startPresence(ctx context.Context, status string) ([]*conn.Call, error) {
	s.presenceMu.Lock()
	defer s.presenceMu.Unlock() // the CHG is written: later XFRs queue behind it
	if status != StatusHidden {
		s.mu.Lock()
		if s.visibleSince.IsZero() {
			s.visibleSince = time.Now()
		}
		s.mu.Unlock()
	}
	cmds := []msnp.Command{chg(s.Dialect, status)}
	if status != StatusHidden && s.Dialect.SharedStatus {
		cmds = append(cmds, endpointState(status))
	}
	calls, err := s.conn.Start(ctx, cmds...)
	if err != nil {
		return nil, err
	}
	s.presenceSet = true
	return calls, nil
}

// chg is the CHG command for status with the dialect's capabilities (a CHG
// without them is ignored by Escargot).
func chg(d Dialect, status string) msnp.Command {
	return msnp.Command{Name: "CHG", Params: []string{status, d.Caps}}
}

// lingerVisible waits, before logout, until MinVisible has passed since
// the session appeared online, or ctx is done.
func (s *Session) lingerVisible(ctx context.Context) {
	s.mu.Lock()
	since := s.visibleSince
	s.mu.Unlock()
	if since.IsZero() {
		return
	}
	wait := time.Until(since.Add(MinVisible))
	if wait <= 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// StatusSet reports whether the session has set a status (CHG): from
// then on the server tells it of contacts' presence and of offline
// messages.
func (s *Session) StatusSet() bool {
	s.presenceMu.Lock()
	defer s.presenceMu.Unlock()
	return s.presenceSet
}
