package conn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// ErrClosed is the error of a call made on, or pending in, a connection that
// was closed by this side.
var ErrClosed = errors.New("conn: connection closed")

// ErrConnectionLost is the error of every call pending when the server
// closed the connection or it broke (wrapped with the cause).
var ErrConnectionLost = errors.New("conn: connection to the server lost")

// Options configure a Conn. The zero value is usable.
type Options struct {
	// Name labels the connection in traces and errors, e.g. "NS" or "SB".
	Name string
	// Trace, when non-nil, receives both directions, redacted.
	Trace io.Writer
	// MaxLine and MaxPayload bound what is read; zero means the msnp
	// defaults.
	MaxLine, MaxPayload int
	// Unsolicited receives every command that no waiter claims. It is
	// called on the read goroutine, in arrival order, and must not block:
	// replies to pending calls are not read while it runs. Nil drops them.
	// A panic in it ends the connection with a *PanicError (see readLoop).
	Unsolicited func(msnp.Command)
}

// Conn is one MSNP connection. Its methods are safe for concurrent use.
type Conn struct {
	nc   net.Conn
	opts Options
	tr   *tracer

	wmu sync.Mutex // serialises writes so pipelined batches stay whole

	mu      sync.Mutex
	next    int
	pending map[int]*Call
	err     error // set once, when the connection ends

	done     chan struct{}
	readDone chan struct{} // closed when the read goroutine has returned
}

// Call is a command waiting for its reply.
type Call struct {
	TrID    int
	Name    string
	conn    *Conn
	done    chan struct{}
	observe func(msnp.Command) // may be nil; see StartObserved
	reply   msnp.Command
	err     error
}

// Wait blocks until the reply arrives, the connection ends or ctx is done.
// A numeric error reply is returned as an *msnp.Error. When ctx ends first
// the waiter is removed (a late reply then goes to Unsolicited), unless
// the reply had already arrived, which is then returned.
func (c *Call) Wait(ctx context.Context) (msnp.Command, error) {
	select {
	case <-c.done:
		return c.reply, c.err
	case <-ctx.Done():
	}
	c.conn.mu.Lock()
	if c.conn.pending[c.TrID] == c {
		delete(c.conn.pending, c.TrID)
	}
	c.conn.mu.Unlock()
	select {
	case <-c.done:
		return c.reply, c.err
	default:
		return msnp.Command{}, fmt.Errorf("conn: no reply to %s: %w", c.Name, ctx.Err())
	}
}

// Dial connects to addr (host:port) and starts the read goroutine. It
// blocks until connected or ctx is done.
func Dial(ctx context.Context, addr string, opts Options) (*Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("conn: %s: %w", label(opts), err)
	}
	return New(nc, opts), nil
}

// New wraps an established connection and starts its read goroutine. The
// Conn owns nc from now on.
func New(nc net.Conn, opts Options) *Conn {
	c := &Conn{
		nc:       nc,
		opts:     opts,
		tr:       newTracer(opts.Trace, label(opts)),
		next:     1,
		pending:  map[int]*Call{},
		done:     make(chan struct{}),
		readDone: make(chan struct{}),
	}
	maxLine, maxPayload := opts.MaxLine, opts.MaxPayload
	if maxLine == 0 {
		maxLine = msnp.DefaultMaxLine
	}
	if maxPayload == 0 {
		maxPayload = msnp.DefaultMaxPayload
	}
	go c.readLoop(msnp.NewReaderSize(nc, msnp.FromServer, maxLine, maxPayload))
	return c
}

func label(opts Options) string {
	if opts.Name == "" {
		return "MSNP"
	}
	return opts.Name
}

// Send sends cmd with the next TrID and blocks until its reply, the end of
// the connection, or ctx is done. cmd.TrID is ignored.
func (c *Conn) Send(ctx context.Context, cmd msnp.Command) (msnp.Command, error) {
	calls, err := c.Start(ctx, cmd)
	if err != nil {
		return msnp.Command{}, err
	}
	return calls[0].Wait(ctx)
}

// Start numbers cmds, registers a waiter for each, and writes them all in
// one write (pipelining). It blocks only for the write. The caller waits on
// the returned calls in any order.
func (c *Conn) Start(ctx context.Context, cmds ...msnp.Command) ([]*Call, error) {
	return c.StartObserved(ctx, nil, cmds...)
}

// StartObserved is Start with an observer: observe (when not nil) is
// called with each command's reply on the read goroutine, at the moment
// the reply is read and before its waiter wakes, so it sees the session
// exactly as it was then: the Unsolicited lines read before the reply have
// been handled, none read after it. It must not block. It is not called
// for a call that fails without a reply (the connection ended, or ctx was
// done first).
func (c *Conn) StartObserved(ctx context.Context, observe func(msnp.Command), cmds ...msnp.Command) ([]*Call, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled: write nothing the caller would not wait for
	}
	calls := make([]*Call, len(cmds))
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return nil, err
	}
	for i := range cmds {
		cmds[i].TrID = c.next
		c.next++
		calls[i] = &Call{TrID: cmds[i].TrID, Name: cmds[i].Name, conn: c, done: make(chan struct{}), observe: observe}
		c.pending[cmds[i].TrID] = calls[i]
	}
	c.mu.Unlock()
	if err := c.write(ctx, cmds); err != nil {
		c.mu.Lock()
		for _, call := range calls {
			delete(c.pending, call.TrID)
		}
		c.mu.Unlock()
		return nil, err
	}
	return calls, nil
}

// Post writes cmd without waiting for any reply: for OUT and PNG (sent with
// no TrID) and for commands the server does not answer, such as a
// switchboard MSG with ack mode N or U. It returns the TrID used, or
// msnp.NoTrID.
func (c *Conn) Post(ctx context.Context, cmd msnp.Command) (int, error) {
	if err := ctx.Err(); err != nil {
		return msnp.NoTrID, err
	}
	cmd.TrID = msnp.NoTrID
	if cmd.Name != "OUT" && cmd.Name != "PNG" {
		c.mu.Lock()
		cmd.TrID = c.next
		c.next++
		c.mu.Unlock()
	}
	return cmd.TrID, c.write(ctx, []msnp.Command{cmd})
}

func (c *Conn) write(ctx context.Context, cmds []msnp.Command) error {
	var buf []byte
	for _, cmd := range cmds {
		if msnp.CarriesPayload(cmd.Name) && cmd.Payload == nil {
			return fmt.Errorf("conn: %s: %s needs a payload", label(c.opts), cmd.Name)
		}
		var err error
		if buf, err = msnp.Append(buf, cmd); err != nil {
			return err
		}
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.Err(); err != nil {
		return err
	}
	deadline, _ := ctx.Deadline() // zero: no deadline
	c.nc.SetWriteDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { c.nc.SetWriteDeadline(time.Now()) })
	defer stop()
	for _, cmd := range cmds {
		c.tr.command(true, cmd)
	}
	if _, err := c.nc.Write(buf); err != nil {
		err = fmt.Errorf("%w (%s write): %w", ErrConnectionLost, label(c.opts), err)
		// A server that closed the connection may have said why first
		// (OUT OTH): let the read goroutine read it before giving up.
		select {
		case <-c.readDone:
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
		c.fail(err)
		return c.Err()
	}
	return nil
}

// readLoop is the read goroutine: it hands each line to its waiter or to
// Unsolicited until the connection ends. A panic while handling a line
// ends the connection with a *PanicError instead of the process.
func (c *Conn) readLoop(r *msnp.Reader) {
	defer close(c.readDone)
	handling := ""
	defer c.recoverReadPanic(&handling)
	for {
		handling = ""
		cmd, err := r.ReadCommand()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				err = fmt.Errorf("%w (%s closed by the server): %w", ErrConnectionLost, label(c.opts), io.EOF)
			} else {
				err = fmt.Errorf("%w (%s): %w", ErrConnectionLost, label(c.opts), err)
			}
			c.fail(err)
			return
		}
		handling = cmd.Name
		c.tr.command(false, cmd)
		if cmd.Name == "OUT" {
			c.setErr(&OutError{Reason: cmd.Param(0)})
		}
		if c.resolve(cmd) {
			continue
		}
		if c.opts.Unsolicited != nil {
			c.opts.Unsolicited(cmd)
		}
	}
}

// otherReplies lists the replies named differently from their command:
// ACK or NAK for a switchboard MSG, and an XFR NS redirect during login.
var otherReplies = map[string][]string{
	"MSG": {"ACK", "NAK"},
	"VER": {"XFR"},
	"CVR": {"XFR"},
	"USR": {"XFR"},
}

// isReply reports whether cmd answers a call named name: a numeric error,
// the same name, or one of otherReplies. Other lines that reuse the TrID
// (IRO before `ANS OK`, ILN after CHG) are not the reply.
func isReply(name string, cmd msnp.Command) bool {
	if cmd.Name == name || cmd.IsError() {
		return true
	}
	for _, other := range otherReplies[name] {
		if cmd.Name == other {
			return true
		}
	}
	return false
}

// resolve hands cmd to the waiter registered under its TrID, if cmd is its
// reply.
func (c *Conn) resolve(cmd msnp.Command) bool {
	if !cmd.HasTrID() {
		return false
	}
	c.mu.Lock()
	call := c.pending[cmd.TrID]
	if call == nil || !isReply(call.Name, cmd) {
		c.mu.Unlock()
		return false
	}
	delete(c.pending, cmd.TrID)
	c.mu.Unlock()
	call.reply = cmd
	if e := msnp.AsError(cmd); e != nil {
		call.err = e
	}
	if call.observe != nil {
		call.observe(cmd)
	}
	close(call.done)
	return true
}

// setErr records why the connection is ending, unless a reason is known
// (an OUT the server sent replaces a lost-connection error: it says why).
func (c *Conn) setErr(err error) {
	c.mu.Lock()
	if c.err == nil || errors.Is(c.err, ErrConnectionLost) {
		c.err = err
	}
	c.mu.Unlock()
}

// fail ends the connection: it records err (unless a reason such as OUT is
// already known), closes the socket and fails every pending call.
func (c *Conn) fail(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	err = c.err
	pending := c.pending
	c.pending = map[int]*Call{}
	first := !isClosed(c.done)
	if first {
		close(c.done)
	}
	c.mu.Unlock()
	if first {
		c.nc.Close()
	}
	for _, call := range pending {
		call.err = err
		close(call.done)
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Close closes the connection (without sending OUT), fails every pending
// call with ErrClosed, and blocks until the read goroutine has returned, so
// no Unsolicited call happens after it. Do not call it from Unsolicited.
func (c *Conn) Close() error { return c.CloseWithError(ErrClosed) }

// CloseWithError is Close with err as the reason (Err, and the error of
// every pending call), unless a reason is known already: for a connection
// this side gives up on, such as one whose server stopped answering.
func (c *Conn) CloseWithError(err error) error {
	c.fail(err)
	<-c.readDone
	return nil
}

// Done is closed when the connection has ended.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended (or is ending, once the server has
// said OUT), or nil while it is up.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// LocalAddr is this side's address of the connection (the interface the
// server is reached through).
func (c *Conn) LocalAddr() net.Addr { return c.nc.LocalAddr() }
