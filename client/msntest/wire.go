package msntest

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// wire is the writing half of one server connection. Replies are queued as
// batches, each due Options.Delay after it was queued, and written by one
// goroutine in order, so handlers (which run under the server lock) never
// block on the peer.
type wire struct {
	s    *Server
	kind string // "NS" or "SB", for traces and faults
	conn net.Conn

	mu      sync.Mutex
	queue   []batch
	closing bool          // a close is queued or done; later sends are dropped
	wake    chan struct{} // signalled when queue grows
	done    chan struct{} // closed when the writer has closed conn

	faultCounts map[int]int // fault index -> matching commands seen
}

type batch struct {
	data  []byte
	due   time.Time
	close bool // close the connection after writing data
}

func newWire(s *Server, kind string, conn net.Conn) *wire {
	w := &wire{
		s:           s,
		kind:        kind,
		conn:        conn,
		wake:        make(chan struct{}, 1),
		done:        make(chan struct{}),
		faultCounts: map[int]int{},
	}
	s.wg.Add(1)
	go w.writeLoop()
	return w
}

// send queues one batch of commands to be written together. Commands that
// cannot be framed are dropped and traced (a bug in this package).
func (w *wire) send(cmds ...msnp.Command) {
	var buf []byte
	for _, c := range cmds {
		var err error
		if buf, err = msnp.Append(buf, c); err != nil {
			w.s.tracef("%s !! cannot frame %s: %v", w.kind, c.Name, err)
			continue
		}
	}
	w.sendRaw(buf)
}

// sendRaw queues bytes already framed (for lines msnp.Append refuses to
// write, such as LST with its trailing space).
func (w *wire) sendRaw(data []byte) {
	if len(data) == 0 {
		return
	}
	w.enqueue(batch{data: data})
}

// closeAfter queues a close behind the batches already queued. It is
// idempotent.
func (w *wire) closeAfter() {
	w.enqueue(batch{close: true})
}

func (w *wire) enqueue(b batch) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closing {
		return
	}
	if b.close {
		w.closing = true
	}
	b.due = time.Now().Add(w.s.opts.Delay)
	w.queue = append(w.queue, b)
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// isClosing reports whether a close has been queued.
func (w *wire) isClosing() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closing
}

// abort closes the connection now, dropping what is queued (Server.Close).
func (w *wire) abort() {
	w.mu.Lock()
	w.closing = true
	w.queue = nil
	w.mu.Unlock()
	w.conn.Close()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *wire) writeLoop() {
	defer w.s.wg.Done()
	defer close(w.done)
	defer w.conn.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			closing := w.closing
			w.mu.Unlock()
			if closing {
				return
			}
			select {
			case <-w.wake:
				continue
			case <-w.s.quit:
				return
			}
		}
		b := w.queue[0]
		w.queue = w.queue[1:]
		w.mu.Unlock()

		if d := time.Until(b.due); d > 0 {
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-w.s.quit:
				timer.Stop()
				return
			}
		}
		if len(b.data) > 0 {
			w.s.traceOut(w.kind, b.data)
			if _, err := w.conn.Write(b.data); err != nil {
				w.mu.Lock()
				w.closing = true
				w.queue = nil
				w.mu.Unlock()
				return
			}
		}
		if b.close {
			return
		}
	}
}

// reply builds a command with a TrID.
func reply(name string, trid int, params ...string) msnp.Command {
	return msnp.Command{Name: name, TrID: trid, Params: params}
}

// notice builds a command without a TrID.
func notice(name string, params ...string) msnp.Command {
	return msnp.Command{Name: name, TrID: msnp.NoTrID, Params: params}
}

// errReply is a numeric error reply such as `911 4`.
func errReply(code, trid int) msnp.Command {
	return msnp.Command{Name: fmt.Sprintf("%03d", code), TrID: trid}
}

// encodeParam escapes a value for use as one MSNP parameter the way
// Escargot writes every argument: %, space, CR and LF are percent-encoded.
func encodeParam(s string) string {
	if !strings.ContainsAny(s, "% \r\n") {
		return s
	}
	r := strings.NewReplacer("%", "%25", " ", "%20", "\r", "%0D", "\n", "%0A")
	return r.Replace(s)
}

// quoteAll percent-encodes everything but the unreserved characters
// (A-Z a-z 0-9 - . _ ~), as MSN object parameters are written.
func quoteAll(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// unquote decodes percent escapes, leaving malformed ones as they are.
func unquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
