package msntest

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// guard runs f, a step of one NS or SB connection's handler (w's), under
// s.mu, which the caller holds. A panic in f is a bug in this package: it
// is traced with its stack, kept for HandlerPanics, and closes that one
// connection (with what was queued before it), so neither the process of
// a test or of `msn serve` nor the other connections go down, and s.mu is
// still held when guard returns. what names the step ("ADL", "leave").
func (s *Server) guard(w *wire, what string, f func()) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		err := fmt.Errorf("msntest: %s handler panicked on %s: %v", w.kind, what, v)
		s.panics = append(s.panics, err)
		s.tracef("%s !! %v\n%s", w.kind, err, debug.Stack())
		w.closeAfter()
	}()
	f()
}

// HandlerPanics returns the panics recovered in NS and SB handlers (each
// closed its connection), joined, or nil when there were none. A test
// helper checks it when the test ends, so a server bug fails the test that
// met it instead of crashing the whole test binary.
func (s *Server) HandlerPanics() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.panics...)
}
