package msntest

import "github.com/msn-cli/msn/client/msnp"

// Action is what an injected Fault does instead of the normal answer.
type Action int

const (
	// CloseConn closes the connection instead of answering (after the
	// replies already queued are written).
	CloseConn Action = iota + 1
	// ReplyError answers with the numeric error `<Code> <trid>` and
	// leaves the connection open.
	ReplyError
	// Silence never answers; the connection stays open.
	Silence
	// ReplyNAK answers a switchboard MSG with `NAK trid` (Escargot never
	// does; real MSN did when it could not deliver).
	ReplyNAK
	// SignOut answers `OUT OTH` and closes the connection, as the NS does
	// to a session when the account signs in elsewhere (MSNP12 and 15).
	SignOut
)

// Fault makes the server misbehave at a chosen command. The command a
// fault fires on is not processed at all: a faulted USR logs nobody in, a
// faulted MSG is not relayed.
type Fault struct {
	Server  string // "NS" or "SB"
	Command string // command name such as "USR"; "" matches any command
	// Nth is the 1-based count of matching commands on one connection at
	// which the fault fires; 0 fires on every matching command. Counts are
	// per connection, so a fault with Nth 1 fires on the first match of
	// every new connection.
	Nth    int
	Action Action
	Code   int // the error code for ReplyError, e.g. 500 or 911
	// Times bounds how often the fault fires in all, across connections;
	// 0 is no bound. With Nth 1 and Times 1, only the first connection's
	// first matching command is hit.
	Times int
}

// Inject adds a fault. Faults stay active until ClearFaults; when several
// match a command, the first injected wins.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
	if s.faultFired == nil {
		s.faultFired = map[int]int{}
	}
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.faultFired = nil
}

// applyFault counts cmd against the active faults of w's server kind and
// performs the first one that fires. It reports whether one did, in which
// case the command must not be processed. The caller holds s.mu.
func (s *Server) applyFault(w *wire, cmd msnp.Command) bool {
	fired := -1
	for i, f := range s.faults {
		if f.Server != w.kind || (f.Command != "" && f.Command != cmd.Name) {
			continue
		}
		w.faultCounts[i]++
		spent := f.Times > 0 && s.faultFired[i] >= f.Times
		if fired < 0 && !spent && (f.Nth == 0 || f.Nth == w.faultCounts[i]) {
			fired = i
		}
	}
	if fired < 0 {
		return false
	}
	s.faultFired[fired]++
	f := s.faults[fired]
	switch f.Action {
	case CloseConn:
		s.tracef("%s !! fault: closing the connection at %s", w.kind, cmd.Name)
		w.closeAfter()
	case ReplyError:
		s.tracef("%s !! fault: %03d for %s", w.kind, f.Code, cmd.Name)
		trid := cmd.TrID
		if trid < 0 {
			trid = 0
		}
		w.send(errReply(f.Code, trid))
	case Silence:
		s.tracef("%s !! fault: no answer to %s", w.kind, cmd.Name)
	case ReplyNAK:
		s.tracef("%s !! fault: NAK for %s", w.kind, cmd.Name)
		w.send(reply("NAK", cmd.TrID))
	case SignOut:
		s.tracef("%s !! fault: OUT OTH at %s", w.kind, cmd.Name)
		w.send(notice("OUT", "OTH"))
		w.closeAfter()
	default:
		return false
	}
	return true
}

// DisableService makes the HTTP endpoint at path (e.g. "/OimWS/oim.asmx")
// answer 404, as on a server that does not offer it; enable false brings
// it back.
func (s *Server) DisableService(path string, disable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.disabled == nil {
		s.disabled = map[string]bool{}
	}
	s.disabled[path] = disable
}

// Drop closes every NS connection of email without a word, as a network
// failure would; watchers see the account leave.
func (s *Server) Drop(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[email]; a != nil {
		for _, c := range append([]*nsConn(nil), a.sessions...) {
			s.tracef("NS !! fault: dropping %s's connection", email)
			c.close()
		}
	}
}
