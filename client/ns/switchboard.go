package ns

import (
	"context"
	"fmt"
	"time"

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

// Endpoint is the identity the switchboard takes in USR and ANS: the
// account, or at MSNP16+ "account;{machine guid}".
func (s *Session) Endpoint() string {
	if s.Dialect.MachineGUID {
		return s.Account + ";" + s.cfg.MachineGUID
	}
	return s.Account
}

// Visible reports whether the session has appeared online to contacts.
func (s *Session) Visible() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.visibleSince.IsZero()
}

// OpenSwitchboard asks for a switchboard (XFR SB) and returns its address
// and cookie. The first call of a session also sets the initial presence,
// which the server requires first, in the same write: hidden where the
// dialect lets a hidden user open a switchboard, online otherwise. It
// blocks until the XFR reply; safe for concurrent use.
func (s *Session) OpenSwitchboard(ctx context.Context) (addr, cookie string, err error) {
	xfr := msnp.Command{Name: "XFR", Params: []string{"SB"}}
	cmds := []msnp.Command{xfr}
	s.presenceMu.Lock()
	first := !s.presenceSet
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
		return "", "", fmt.Errorf("ns: malformed XFR SB reply")
	}
	return reply.Param(1), reply.Param(3), nil
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
