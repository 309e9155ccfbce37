package transfer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
)

// DCListener waits for the peer to connect for one direct connection.
// It takes at most two connections: one that fails the handshake (a port
// scanner, a stray client) is tolerated, a second ends Accept. It stops
// listening as soon as Accept returns, or on Close.
type DCListener struct {
	ln   net.Listener
	hs   DCHandshake
	opts DCOptions

	closeOnce sync.Once
}

// dcMaxConns is how many connections a DCListener takes: the peer's,
// and one stray.
const dcMaxConns = 2

// ListenDC listens on addr ("127.0.0.1:0", ":6891") for the peer who
// holds the nonce of hs. Addr says where it listens, for the SLP answer.
func ListenDC(addr string, hs DCHandshake, opts DCOptions) (*DCListener, error) {
	if err := hs.check(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("transfer: cannot listen for a direct connection: %w", err)
	}
	return &DCListener{ln: ln, hs: hs, opts: opts.withDefaults()}, nil
}

// Addr is the address the listener listens on.
func (l *DCListener) Addr() net.Addr { return l.ln.Addr() }

// Close stops listening; an Accept under way returns. It is idempotent.
func (l *DCListener) Close() error {
	l.closeOnce.Do(func() { l.ln.Close() })
	return nil
}

// accepted is a connection taken by the listener, or why it could not.
type accepted struct {
	conn net.Conn
	err  error
}

// shaken is the outcome of one connection's handshake.
type shaken struct {
	link *DCLink
	err  error
}

// Accept waits for the peer, bounded by ctx: each connection must send
// the preamble and a handshake with the expected nonce within
// opts.HandshakeTimeout, and only then gets our handshake; one that fails
// is closed without a byte of ours. Connections are checked at the same
// time, so a silent stray does not hold up the peer. Accept returns the
// first link that passes, or an error on the second failed connection,
// when ctx ends, or on Close; in every case the listener is closed. Call
// it once.
func (l *DCListener) Accept(ctx context.Context) (*DCLink, error) {
	defer l.Close()
	stopListening := context.AfterFunc(ctx, func() { l.Close() })
	defer stopListening()
	hsCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	conns := make(chan accepted, dcMaxConns)
	results := make(chan shaken, dcMaxConns)
	wg.Go(func() { l.take(conns) })
	defer func() { // leave nothing behind: stop every handshake, close what they made
		l.Close()
		cancel()
		wg.Wait()
		close(conns)
		close(results)
		for a := range conns {
			if a.conn != nil {
				a.conn.Close()
			}
		}
		for r := range results {
			if r.link != nil {
				r.link.Close()
			}
		}
	}()
	var failures attemptErrors
	for {
		select {
		case a := <-conns:
			if a.err != nil {
				return nil, l.acceptError(ctx, a.err, failures)
			}
			wg.Go(func() { results <- l.handshake(hsCtx, a.conn) })
		case r := <-results:
			if r.err == nil {
				return r.link, nil
			}
			failures = append(failures, r.err)
			if len(failures) == dcMaxConns {
				return nil, failures
			}
		case <-ctx.Done():
			return nil, append(failures, ctx.Err())
		}
	}
}

// take accepts up to dcMaxConns connections, then stops listening, or
// until the listener closes. It runs on its own goroutine; conns has room
// for all it sends.
func (l *DCListener) take(conns chan<- accepted) {
	for range dcMaxConns {
		conn, err := l.ln.Accept()
		conns <- accepted{conn, err}
		if err != nil {
			return
		}
	}
	l.Close()
}

// acceptError says why Accept stopped listening before a link was up.
func (l *DCListener) acceptError(ctx context.Context, err error, failures attemptErrors) error {
	if cerr := ctx.Err(); cerr != nil {
		err = cerr
	} else if errors.Is(err, net.ErrClosed) {
		err = fmt.Errorf("the listener was closed: %w", ErrLinkClosed)
	}
	return append(failures, err)
}

// handshake checks one connection: the preamble and the peer's handshake,
// then ours. A connection that fails is closed.
func (l *DCListener) handshake(ctx context.Context, conn net.Conn) shaken {
	ctx, cancel := context.WithTimeout(ctx, l.opts.HandshakeTimeout)
	defer cancel()
	src := &deadlineReader{conn: conn}
	r := newFrameReader(src)
	ours := l.hs.frames(false)
	err := bounded(ctx, conn, func() error {
		if err := readPreamble(r); err != nil {
			return err
		}
		if err := l.hs.read(r); err != nil {
			return err
		}
		_, err := conn.Write(ours)
		return err
	})
	if err != nil {
		conn.Close()
		err = timeoutError(err, "no handshake", l.opts.HandshakeTimeout)
		return shaken{err: fmt.Errorf("from %s: %w", conn.RemoteAddr(), err)}
	}
	return shaken{link: newDCLink(conn, r, src, len(ours), l.opts)}
}
