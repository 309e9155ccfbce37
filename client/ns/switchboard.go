package ns

import (
	"context"
	"fmt"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// Endpoint is the identity the switchboard takes in USR and ANS: the
// account, or at MSNP16+ "account;{machine guid}".
func (s *Session) Endpoint() string {
	if s.Dialect.EndpointNames {
		return s.Account + ";" + s.cfg.MachineGUID
	}
	return s.Account
}

// OpenSwitchboard asks for a switchboard (XFR SB) and returns its address
// and cookie. The first call of a session also sets the initial presence,
// which the server requires first, in the same write: hidden where the
// dialect lets a hidden user open a switchboard, online otherwise (also
// when the session went hidden earlier, see ObservePresence). It
// blocks until the XFR reply; safe for concurrent use.
func (s *Session) OpenSwitchboard(ctx context.Context) (addr, cookie string, err error) {
	xfr := msnp.Command{Name: "XFR", Params: []string{"SB"}}
	cmds := []msnp.Command{xfr}
	s.presenceMu.Lock()
	s.mu.Lock()
	hiddenHere := s.presenceSet && s.visibleSince.IsZero() && !s.Dialect.HiddenSwitchboard
	s.mu.Unlock()
	first := !s.presenceSet || hiddenHere // hidden where XFR needs online: go online now
	if first {
		status := StatusHidden
		if !s.Dialect.HiddenSwitchboard {
			status = StatusOnline
		}
		cmds = []msnp.Command{chg(s.Dialect, status), xfr}
		if status != StatusHidden {
			s.mu.Lock()
			s.visibleSince = time.Now()
			s.mu.Unlock()
		}
	}
	calls, err := s.conn.Start(ctx, cmds...)
	s.presenceSet = s.presenceSet || err == nil
	s.presenceMu.Unlock()
	if err != nil {
		return "", "", err
	}
	if first {
		if _, err := calls[0].Wait(ctx); err != nil {
			return "", "", fmt.Errorf("ns: CHG: %w", err)
		}
	}
	reply, err := calls[len(calls)-1].Wait(ctx)
	if err != nil {
		return "", "", fmt.Errorf("ns: XFR SB: %w", err)
	}
	// XFR trid SB host:port CKI cookie [U messenger.msn.com [1]]
	if reply.Param(0) != "SB" || reply.Param(2) != "CKI" || reply.Param(1) == "" || reply.Param(3) == "" {
		return "", "", fmt.Errorf("%w: malformed XFR SB", msnp.ErrUnexpectedReply)
	}
	return reply.Param(1), reply.Param(3), nil
}
