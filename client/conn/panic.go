package conn

import (
	"fmt"
	"runtime/debug"
)

// PanicError is why a connection ended when handling a line read from it
// panicked (in the Unsolicited handler, the codec or the trace): the read
// goroutine recovered, closed the connection and failed every pending call
// with it, so one bad line ends the session instead of the process.
type PanicError struct {
	Conn    string // the connection's label, e.g. "NS"
	Command string // the command being handled, "" when the panic came while reading
	Value   any    // what was passed to panic
	Stack   []byte // the read goroutine's stack at the panic, for bug reports
}

// Error says which line was being handled and what panicked, without the
// stack.
func (e *PanicError) Error() string {
	if e.Command == "" {
		return fmt.Sprintf("conn: %s: internal error (panic) while reading: %v", e.Conn, e.Value)
	}
	return fmt.Sprintf("conn: %s: internal error (panic) while handling %s: %v", e.Conn, e.Command, e.Value)
}

// recoverReadPanic is deferred by the read goroutine: when it is
// unwinding from a panic, it makes the panic the connection's error
// (replacing a reason recorded before, such as the OUT being handled),
// closes the socket and fails every pending call. handling is the name of
// the command being handled at the time, "" when none.
func (c *Conn) recoverReadPanic(handling *string) {
	v := recover()
	if v == nil {
		return
	}
	err := &PanicError{Conn: label(c.opts), Command: *handling, Value: v, Stack: debug.Stack()}
	c.mu.Lock()
	if !isClosed(c.done) {
		c.err = err
	}
	c.mu.Unlock()
	c.fail(err)
}
