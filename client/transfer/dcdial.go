package transfer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// DialDC connects to the peer that said it listens at addrs ("host:port",
// in order of preference) and proves the nonce: the preamble and our
// handshake, then the peer's handshake, checked. Each attempt (connect and
// handshakes) is bounded by opts.HandshakeTimeout and all of them by ctx;
// the first that succeeds is the link. When none does, the error names
// each address and why (errors.Is finds ErrDCHandshake when a peer
// answered with the wrong nonce; that connection was closed at once).
func DialDC(ctx context.Context, addrs []string, hs DCHandshake, opts DCOptions) (*DCLink, error) {
	if err := hs.check(); err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, errors.New("transfer: no address to connect to")
	}
	opts = opts.withDefaults()
	var failed attemptErrors
	for _, addr := range addrs {
		if ctx.Err() != nil {
			break
		}
		link, err := dialOne(ctx, addr, hs, opts)
		if err == nil {
			return link, nil
		}
		failed = append(failed, fmt.Errorf("%s: %w", addr, err))
	}
	if err := ctx.Err(); err != nil {
		failed = append(failed, err)
	}
	return nil, failed
}

// dialOne is one attempt of DialDC.
func dialOne(ctx context.Context, addr string, hs DCHandshake, opts DCOptions) (*DCLink, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.HandshakeTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, timeoutError(deadlineError(err), "no connection", opts.HandshakeTimeout)
	}
	src := &deadlineReader{conn: conn}
	r := newFrameReader(src)
	ours := hs.frames(true)
	err = bounded(ctx, conn, func() error {
		if _, err := conn.Write(ours); err != nil {
			return err
		}
		return hs.read(r)
	})
	if err != nil {
		conn.Close()
		return nil, timeoutError(err, "no handshake", opts.HandshakeTimeout)
	}
	return newDCLink(conn, r, src, len(ours), opts), nil
}

// bounded runs fn, a handshake on conn, under ctx: conn's deadline is
// ctx's, and ctx's end interrupts it. It reports ctx's error when ctx
// ended first, even if fn got through (the connection is not trusted
// then), and leaves conn without a deadline when it returns nil.
func bounded(ctx context.Context, conn net.Conn, fn func() error) error {
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	err := fn()
	if !stop() {
		return ctx.Err()
	}
	if err != nil {
		return deadlineError(err) // conn's deadline is ctx's, reached before ctx noticed
	}
	return conn.SetDeadline(time.Time{})
}

// deadlineError turns a network timeout, which the deadline of an
// attempt's context causes, into context.DeadlineExceeded.
func deadlineError(err error) error {
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return context.DeadlineExceeded
	}
	return err
}

// timeoutError says "what within timeout" when an attempt's time ran out.
func timeoutError(err error, what string, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s within %s: %w", what, timeout, err)
	}
	return err
}

// attemptErrors are why each attempt at a direct connection failed: one
// per address DialDC tried, one per connection a DCListener refused.
type attemptErrors []error

func (e attemptErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = strings.ReplaceAll(err.Error(), "transfer: ", "")
	}
	return "transfer: no direct connection: " + strings.Join(msgs, "; ")
}

func (e attemptErrors) Unwrap() []error { return e }
