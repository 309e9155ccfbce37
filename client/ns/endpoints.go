package ns

import (
	"context"
	"regexp"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// At MSNP16+ the status belongs to the account, shared by all its
// sign-ins (endpoints): a run's hidden CHG also hides the user's desktop
// client. After the first CHG the server sends the user's own UBX, whose
// PrivateEndpointData carries each endpoint's State as that client set it
// (UUX). Logout puts the account back to the state of another endpoint,
// so the run leaves no trace.

var (
	privateEndpointRe = regexp.MustCompile(`<PrivateEndpointData id="(\{[0-9A-Fa-f-]{36}\})">(.*?)</PrivateEndpointData>`)
	endpointStateRe   = regexp.MustCompile(`<State>([A-Z]{3})</State>`)
)

// ownUBX records the other endpoints' states from the user's own UBX. It
// runs on the read goroutine.
func (s *Session) ownUBX(cmd msnp.Command) {
	if cmd.Name != "UBX" || !strings.EqualFold(strings.TrimPrefix(cmd.Param(0), "1:"), s.cfg.Account) {
		return
	}
	states := map[string]string{}
	for _, m := range privateEndpointRe.FindAllSubmatch(cmd.Payload, -1) {
		guid := strings.ToUpper(string(m[1]))
		if guid == strings.ToUpper(s.cfg.MachineGUID) {
			continue
		}
		state := ""
		if st := endpointStateRe.FindSubmatch(m[2]); st != nil {
			state = string(st[1])
		}
		states[guid] = state
	}
	s.mu.Lock()
	s.otherEndpoints = states
	s.mu.Unlock()
}

// restoreAccountStatus sends, before logout, CHG with the state another
// endpoint of the account had set, when this session hid the account
// (MSNP16+). It blocks until the server echoes it or ctx is done.
func (s *Session) restoreAccountStatus(ctx context.Context) {
	if !s.Dialect.MachineGUID {
		return
	}
	s.mu.Lock()
	hidden := s.visibleSince.IsZero()
	var state string
	for _, st := range s.otherEndpoints {
		if st != "" && st != StatusHidden {
			state = st
			break
		}
	}
	s.mu.Unlock()
	s.presenceMu.Lock()
	set := s.presenceSet
	s.presenceMu.Unlock()
	if !set || !hidden || state == "" {
		return
	}
	s.conn.Send(ctx, chg(s.Dialect, state))
}
