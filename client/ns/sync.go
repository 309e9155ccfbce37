package ns

import (
	"context"
	"fmt"

	"github.com/msn-cli/msn/client/msnp"
)

// Sync sends PNG and blocks until its QNG arrives (or ctx is done). The
// server handles a connection's commands in order, so everything it sent
// in answer to earlier commands (the presence burst and Mail-Data after
// the first CHG, say) has reached the Unsolicited handler by then: it is
// the barrier for replies that have no end marker.
func (s *Session) Sync(ctx context.Context) error {
	s.mu.Lock()
	s.pings++
	want := s.pings
	s.mu.Unlock()
	if _, err := s.conn.Post(ctx, msnp.Command{Name: "PNG"}); err != nil {
		return err
	}
	for {
		s.mu.Lock()
		got, changed := s.pongs, s.pongChanged
		s.mu.Unlock()
		if got >= want {
			return nil
		}
		select {
		case <-changed:
		case <-s.conn.Done():
			return fmt.Errorf("ns: PNG: %w", s.conn.Err())
		case <-ctx.Done():
			return fmt.Errorf("ns: no QNG: %w", ctx.Err())
		}
	}
}

// pong counts a QNG; it runs on the read goroutine.
func (s *Session) pong() {
	s.mu.Lock()
	s.pongs++
	close(s.pongChanged)
	s.pongChanged = make(chan struct{})
	s.mu.Unlock()
}
