package msntest

import (
	"net"

	"github.com/msn-cli/msn/client/msnp"
)

// handler is one connection's protocol state: an NS or SB session.
type handler interface {
	handle(cmd msnp.Command) // one client command; the caller holds s.mu
	leave()                  // the connection ended; the caller holds s.mu
}

// serve runs one connection of kind ("NS" or "SB") until it ends: it reads
// client commands, applies injected faults, and hands the rest to the
// handler made by newHandler. It is the connection's reading goroutine. A
// panic in the handler closes this connection only (see guard).
func (s *Server) serve(kind string, conn net.Conn, newHandler func(*wire) handler) {
	w, ok := s.register(kind, conn)
	if !ok {
		return
	}
	h := newHandler(w)
	r := msnp.NewReader(conn, msnp.FromClient)
	for {
		cmd, err := r.ReadCommand()
		if err != nil {
			if !w.isClosing() {
				s.tracef("%s -- read: %v", kind, err)
			}
			break
		}
		s.traceIn(kind, cmd)
		s.mu.Lock()
		if !w.isClosing() && !s.applyFault(w, cmd) {
			s.guard(w, cmd.Name, func() { h.handle(cmd) })
		}
		stop := w.isClosing()
		s.mu.Unlock()
		if stop {
			break
		}
	}
	s.mu.Lock()
	s.guard(w, "leave", h.leave)
	s.mu.Unlock()
	s.unregister(w)
}
