package transfer

import (
	"fmt"
	"time"
)

// DefaultIncomingIdle is how long a file being received may go without a
// byte of it arriving before it is abandoned (Options.IncomingIdle).
const DefaultIncomingIdle = 2 * time.Minute

// watchStall starts the timer that abandons in when nothing of it arrives
// for e.incomingIdle; data restarts it (stillArriving), drop stops it. It
// returns nil when there is no limit. The timer's goroutine takes the
// handling lock, so it never runs during a packet of the session.
func (e *Endpoint) watchStall(in *incoming) *time.Timer {
	if e.incomingIdle <= 0 {
		return nil
	}
	in.arrived = time.Now()
	return time.AfterFunc(e.incomingIdle, func() {
		e.handling.Lock()
		defer e.handling.Unlock()
		e.mu.Lock()
		current := e.incoming[in.offer.SessionID] == in
		e.mu.Unlock()
		// A chunk handled while this waited for the lock restarted the
		// timer: the session is not stalled.
		if current && time.Since(in.arrived) >= e.incomingIdle {
			e.trace("P2P -- nothing of %q arrived for %s: abandoned", in.offer.Name, e.incomingIdle)
			e.abort(in, fmt.Errorf("%w for %s", ErrStalled, e.incomingIdle))
		}
	})
}

// stillArriving restarts in's stall timer. The caller holds e.handling.
func (e *Endpoint) stillArriving(in *incoming) {
	in.arrived = time.Now()
	if in.stall != nil {
		in.stall.Reset(e.incomingIdle)
	}
}

// stopWatching stops in's stall timer; a timer already fired finds the
// session gone and does nothing.
func stopWatching(in *incoming) {
	if in.stall != nil {
		in.stall.Stop()
	}
}
