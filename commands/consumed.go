package commands

import (
	"context"
	"io"
	"os"
)

// consumedWriter writes records to stdout one at a time and tells, for
// each, whether the reader took it. `msn offline` deletes from the server
// only what was consumed, so a reader that stops early (`| head -1`) loses
// nothing: a write into a pipe succeeds as soon as the bytes are in the
// pipe's buffer, long before (or whether) the reader reads them.
//
// For a pipe or socket, Write waits until the reader has drained the pipe (or closed
// it, or ctx ends): the next record is written only then, so a reader's
// read never swallows a record it will not use. For a file or a terminal a
// successful write is consumption.
type consumedWriter struct {
	w      io.Writer
	pipe   *os.File // non-nil when w is a pipe or socket whose drain can be watched
	blind  bool     // w is a pipe or socket whose reading cannot be watched
	socket bool
}

func newConsumedWriter(w io.Writer) *consumedWriter {
	cw := &consumedWriter{w: w}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&(os.ModeNamedPipe|os.ModeSocket) != 0 {
			cw.socket = st.Mode()&os.ModeSocket != 0
			if canWatch(f, cw.socket) {
				cw.pipe = f
			} else {
				cw.blind = true
			}
		}
	}
	return cw
}

// confirms reports whether a record's consumption can be known: false for
// a pipe or socket this system cannot watch, where a write only proves the
// bytes were buffered.
func (cw *consumedWriter) confirms() bool { return !cw.blind }

// Write writes one whole record and blocks until it has been consumed. It
// returns an error when the write failed or the reader went away (or ctx
// ended) before reading it all: the record then counts as not delivered.
func (cw *consumedWriter) Write(ctx context.Context, record []byte) error {
	if _, err := cw.w.Write(record); err != nil {
		return err
	}
	if cw.pipe == nil {
		return nil
	}
	return waitDrained(ctx, cw.pipe, cw.socket)
}
