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
// contacts.
func (s *Session) SetPresence(ctx context.Context, status string) error {
	call, err := s.startPresence(ctx, status)
	if err == nil {
		_, err = call.Wait(ctx)
	}
	if err != nil {
		return fmt.Errorf("ns: CHG: %w", err)
	}
	return nil
}

// startPresence writes the CHG and returns its call without waiting, so
// that a caller can pipeline more behind it.
func (s *Session) startPresence(ctx context.Context, status string) (*conn.Call, error) {
	s.presenceMu.Lock()
	defer s.presenceMu.Unlock() // the CHG is written: later XFRs queue behind it
	if status != StatusHidden {
		s.mu.Lock()
		if s.visibleSince.IsZero() {
			s.visibleSince = time.Now()
		}
		s.mu.Unlock()
	}
	calls, err := s.conn.Start(ctx, chg(s.Dialect, status))
	if err != nil {
		return nil, err
	}
	s.presenceSet = true
	return calls[0], nil
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
