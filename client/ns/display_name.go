package ns

import (
	"context"

	"github.com/msn-cli/msn/client/msnp"
)

// DisplayName returns the user's own display name as the server has it,
// from the `PRP MFN name` line that SYN's answer carries at MSNP12 (or
// that echoes a rename). When none has been read yet, a dialect without
// an address book asks once, with SYN and a Sync behind it (one round
// trip), and blocks until the answer is in or ctx is done. In the address
// book dialects SYN is disabled: the name is the address book's Me entry
// (see ab.AddressBook.Me), and DisplayName returns "" unless a PRP MFN
// line came anyway.
func (s *Session) DisplayName(ctx context.Context) (string, error) {
	if name, ok := s.displayName(); ok || s.Dialect.AddressBook {
		return name, nil
	}
	if _, _, err := s.SyncList(ctx); err != nil {
		return "", err
	}
	name, _ := s.displayName()
	return name, nil
}

// displayName is the name read from PRP MFN, and whether one was.
func (s *Session) displayName() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ownName, s.ownNameSeen
}

// watchDisplayName records the name of a `PRP MFN name` line, URL-
// decoded; it runs on the read goroutine.
func (s *Session) watchDisplayName(cmd msnp.Command) {
	if cmd.Name != "PRP" || cmd.Param(0) != "MFN" || len(cmd.Params) < 2 {
		return
	}
	name := decodeParam(cmd.Param(1))
	s.mu.Lock()
	s.ownName, s.ownNameSeen = name, true
	s.mu.Unlock()
}
