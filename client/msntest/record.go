package msntest

import "github.com/msn-cli/msn/client/msnp"

// Logins is the number of successful NS logins (USR ... OK) of email.
func (s *Server) Logins(email string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins[email]
}

// Online lists the dialects ("MSNP18", ...) of email's live NS sessions,
// oldest first; empty when the account is signed out.
func (s *Server) Online(email string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[email]
	if a == nil {
		return nil
	}
	var out []string
	for _, c := range a.sessions {
		out = append(out, c.dialectName())
	}
	return out
}

// PresenceSeenBy lists, in order, the presence changes of other accounts
// that watcher's NS sessions were sent: "NLN <email>" for any online
// presence (ILN or NLN, whatever the status) and "FLN <email>" for going
// offline or hidden, and "UBX <email>" for a personal message changed while
// hidden (which Escargot sends; see renamed). A test asserts that a
// contact never saw a hidden run by checking that no "NLN <email>" entry
// appears.
func (s *Server) PresenceSeenBy(watcher string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen[watcher]...)
}

// SOAPRequests is the number of HTTP requests made to path ("/RST.srf"),
// whatever their outcome.
func (s *Server) SOAPRequests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.soap[path]
}

// SOAPTotal is the number of HTTP requests made to the services, any path.
func (s *Server) SOAPTotal() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.soapTotal
}

// Received lists the switchboard messages delivered to email's SB
// connections, in order, as they were written to it (`MSG sender
// friendly` with the payload): the last keptReceived of them.
func (s *Server) Received(email string) []msnp.Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.received[email]
	kept = kept[max(0, len(kept)-keptReceived):]
	return append([]msnp.Command(nil), kept...)
}

// keptReceived is how many of an account's last switchboard messages
// Received keeps, so that a long run (msn serve, a file relayed in
// thousands of chunks) does not hold every message it relayed.
const keptReceived = 1000

// recordReceived adds cmd to what email received, dropping the oldest
// past keptReceived (in batches, so that adding stays cheap). The caller
// holds s.mu.
func (s *Server) recordReceived(email string, cmd msnp.Command) {
	kept := append(s.received[email], cmd)
	if len(kept) >= 2*keptReceived {
		kept = append([]msnp.Command(nil), kept[len(kept)-keptReceived:]...)
	}
	s.received[email] = kept
}

// Kick writes `OUT <reason>` (for example "OTH" or "SSD") to every NS
// session of email and closes them; watchers see the account leave.
func (s *Server) Kick(email, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[email]
	if a == nil {
		return
	}
	for _, c := range append([]*nsConn(nil), a.sessions...) {
		out := notice("OUT")
		if reason != "" {
			out.Params = []string{reason}
		}
		c.w.send(out)
		c.close()
	}
}

// Status is the presence email shows its contacts now: its status code
// ("NLN", "BSY", ...) when signed in and visible, "" otherwise.
func (s *Server) Status(email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[email]
	if a == nil || !a.online() {
		return ""
	}
	return a.status
}
