package ns

import (
	"context"
	"fmt"

	"github.com/msn-cli/msn/client/msnp"
)

// listLines are the lines of the burst that answers SYN (MSNP12): groups,
// contacts, the privacy setting, and the user's display name.
var listLines = map[string]bool{"LSG": true, "LST": true, "BLP": true, "GTC": true, "PRP": true}

// SyncList asks for the contact list with `SYN 0 0` (MSNP12; the address
// book dialects answer 502) and returns the SYN reply, which counts the
// groups and contacts, and the lines of the burst that follows it (LSG,
// LST, BLP, GTC, PRP), in order. The burst has no end marker: a Sync
// behind the SYN marks it. It blocks until then or ctx is done. Calls are
// taken one at a time.
func (s *Session) SyncList(ctx context.Context) (reply msnp.Command, burst []msnp.Command, err error) {
	s.listMu.Lock()
	defer s.listMu.Unlock()
	s.collectList(true)
	defer s.collectList(false)
	reply, err = s.conn.Send(ctx, msnp.Command{Name: "SYN", Params: []string{"0", "0"}})
	if err != nil {
		return reply, nil, fmt.Errorf("ns: SYN: %w", err)
	}
	if err := s.Sync(ctx); err != nil {
		return reply, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return reply, s.listBurst, nil
}

// collectList starts or stops keeping the lines of the SYN burst.
func (s *Session) collectList(on bool) {
	s.mu.Lock()
	s.listBurst, s.listing = nil, on
	s.mu.Unlock()
}

// watchList keeps a line of the SYN burst while SyncList waits for it;
// it runs on the read goroutine.
func (s *Session) watchList(cmd msnp.Command) {
	if !listLines[cmd.Name] {
		return
	}
	s.mu.Lock()
	if s.listing {
		s.listBurst = append(s.listBurst, cmd)
	}
	s.mu.Unlock()
}
