package msntest

import (
	"bytes"
	"fmt"

	"github.com/msn-cli/msn/client/msnp"
)

// traceLineMax keeps trace lines readable: tickets are over 1 KB.
const traceLineMax = 160

// tracef writes one note to Options.Trace.
func (s *Server) tracef(format string, args ...any) {
	if s.opts.Trace == nil {
		return
	}
	line := fmt.Sprintf(format, args...)
	if len(line) > traceLineMax {
		line = line[:traceLineMax] + "..."
	}
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	fmt.Fprintln(s.opts.Trace, line)
}

// traceIn traces a command read from a client.
func (s *Server) traceIn(kind string, cmd msnp.Command) {
	if s.opts.Trace != nil {
		s.tracef("%s C> %s", kind, cmd.String())
	}
}

// traceOut traces the commands of one batch about to be written.
func (s *Server) traceOut(kind string, data []byte) {
	if s.opts.Trace == nil {
		return
	}
	r := msnp.NewReader(bytes.NewReader(data), msnp.FromServer)
	for {
		cmd, err := r.ReadCommand()
		if err != nil {
			return
		}
		s.tracef("%s S< %s", kind, cmd.String())
	}
}
