package ns

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// At MSNP16+ the status belongs to the account, shared by all its
// sign-ins (endpoints): a run's hidden CHG also hides the user's desktop
// client. After every CHG the server sends the user's own UBX (Escargot
// from a worker, up to ~0.2 s later), which lists every endpoint of the
// account (EndpointData), and whose PrivateEndpointData carries each
// endpoint's State as that client set it (UUX). Logout puts the account
// back to the state of another endpoint, so the run leaves no trace; a
// message to oneself goes to the other endpoints (OtherEndpoints).

var (
	endpointRe        = regexp.MustCompile(`<(?:Private)?EndpointData id="(\{[0-9A-Fa-f-]{36}\})">`)
	privateEndpointRe = regexp.MustCompile(`<PrivateEndpointData id="(\{[0-9A-Fa-f-]{36}\})">(.*?)</PrivateEndpointData>`)
	endpointStateRe   = regexp.MustCompile(`<State>([A-Z]{3})</State>`)
)

// ownUBX records the other endpoints, with their states, and the
// personal message psm from the payload of the user's own UBX. A UBX that
// does not list this session's endpoint (the empty one at login) says
// nothing about them yet. It runs on the read goroutine.
func (s *Session) ownUBX(payload []byte, psm string) {
	self := strings.ToUpper(s.cfg.MachineGUID)
	listed := false
	states := map[string]string{}
	for _, m := range endpointRe.FindAllSubmatch(payload, -1) {
		guid := strings.ToUpper(string(m[1]))
		if guid == self {
			listed = true
			continue
		}
		states[guid] = ""
	}
	for _, m := range privateEndpointRe.FindAllSubmatch(payload, -1) {
		guid := strings.ToUpper(string(m[1]))
		if st := endpointStateRe.FindSubmatch(m[2]); st != nil && guid != self {
			states[guid] = string(st[1])
		}
	}
	if !listed {
		return
	}
	s.mu.Lock()
	s.ownPSM = psm
	s.otherEndpoints = states
	s.endpointsKnown = true
	close(s.endpointsChanged)
	s.endpointsChanged = make(chan struct{})
	s.mu.Unlock()
}

// OtherEndpoints returns the machine GUIDs of the account's other
// sign-ins, as the server last listed them in the user's own UBX. It sets
// the hidden status first if no status is set (the server lists the
// endpoints only after a CHG), then blocks until such a UBX has arrived,
// the connection ends or ctx is done. Below MSNP16 an account has no other
// sign-ins (a second login signs the first out): it returns none at once.
// Safe for concurrent use.
func (s *Session) OtherEndpoints(ctx context.Context) ([]string, error) {
	if !s.Dialect.SharedStatus {
		return nil, nil
	}
	if err := s.waitOwnUBX(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.otherEndpoints)), nil
}

// waitOwnUBX sets the hidden status if no status is set (the server sends
// the account's own UBX only after a CHG), then blocks until a UBX that
// lists this session's endpoint has arrived, the connection ends or ctx is
// done.
func (s *Session) waitOwnUBX(ctx context.Context) error {
	s.presenceMu.Lock()
	set := s.presenceSet
	s.presenceMu.Unlock()
	if !set {
		if _, err := s.startPresence(ctx, StatusHidden); err != nil {
			return fmt.Errorf("ns: CHG: %w", err)
		}
	}
	for {
		s.mu.Lock()
		known, changed := s.endpointsKnown, s.endpointsChanged
		s.mu.Unlock()
		if known {
			return nil
		}
		select {
		case <-changed:
		case <-s.conn.Done():
			return fmt.Errorf("ns: waiting for the account's own UBX: %w", s.conn.Err())
		case <-ctx.Done():
			return fmt.Errorf("ns: the server did not send the account's own UBX: %w", ctx.Err())
		}
	}
}

// endpointState is the UUX that tells the server this endpoint's state,
// as Windows Live Messenger 2009 does (its PrivateEndpointData), so that
// the account's other sign-ins see it in their UBX.
func endpointState(status string) msnp.Command {
	data := "<PrivateEndpointData><EpName>msn</EpName><Idle>false</Idle><ClientType>1</ClientType><State>" + status + "</State></PrivateEndpointData>"
	return msnp.Command{Name: "UUX", Payload: []byte(data)}
}

// restoreAccountStatus sends, before logout, CHG with the state another
// endpoint of the account had set, when this session hid the account
// (MSNP16+). It blocks until the server echoes it or ctx is done.
func (s *Session) restoreAccountStatus(ctx context.Context) {
	if !s.Dialect.SharedStatus {
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
