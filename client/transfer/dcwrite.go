package transfer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// SendControl writes pkts (SLP messages, ACKs) and whatever data the
// buffer holds before them, and returns once the kernel has taken them.
// It waits for a data write under way to finish its packets, each write
// bounded by the write timeout.
func (l *DCLink) SendControl(ctx context.Context, pkts ...p2p.Packet) error {
	return l.send(ctx, pkts, false)
}

// SendData writes pkts in order into the buffer, which goes to the socket
// whenever it fills; Flush sends the rest. It blocks only while the socket
// takes a full buffer (TCP's window is the link's window).
func (l *DCLink) SendData(ctx context.Context, pkts ...p2p.Packet) error {
	return l.send(ctx, pkts, true)
}

// Flush writes what the buffer holds, and returns the link's error if a
// write has failed.
func (l *DCLink) Flush(ctx context.Context) error {
	return l.send(ctx, nil, false)
}

// send writes pkts, as data or not, and flushes unless they are data. A
// ctx that ends during the call ends the link: a frame cut in the middle
// cannot be taken back.
func (l *DCLink) send(ctx context.Context, pkts []p2p.Packet, data bool) error {
	if err := l.Err(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() {
		l.end(fmt.Errorf("transfer: a write on the direct connection was interrupted: %w", context.Cause(ctx)))
	})
	defer stop()
	l.writeMu.Lock()
	defer l.writeMu.Unlock()
	for _, pkt := range pkts {
		if err := l.writeFrame(pkt, data); err != nil {
			return l.failed(err)
		}
	}
	if !data {
		if err := l.out.Flush(); err != nil {
			return l.failed(err)
		}
	}
	return nil
}

// writeFrame puts one packet in the buffer: its length prefix and header,
// then its payload. The caller holds writeMu.
func (l *DCLink) writeFrame(pkt p2p.Packet, data bool) error {
	h := pkt.Header
	if uint64(h.Length) != uint64(len(pkt.Payload)) {
		return fmt.Errorf("transfer: a packet whose header says %d bytes carries %d", h.Length, len(pkt.Payload))
	}
	if len(pkt.Payload) > DCChunk {
		return fmt.Errorf("transfer: a packet of %d bytes is over the direct connection's %d", len(pkt.Payload), DCChunk)
	}
	if err := h.Check(); err != nil {
		return err
	}
	size := p2p.HeaderSize + len(pkt.Payload)
	dataBytes := 0
	if data {
		dataBytes = len(pkt.Payload)
	}
	l.sent.queue(4+size, dataBytes) // before the writes, which may reach the socket
	head := binary.LittleEndian.AppendUint32(l.head[:0], uint32(size))
	head = p2p.AppendHeader(head, h)
	if _, err := l.out.Write(head); err != nil {
		return err
	}
	_, err := l.out.Write(pkt.Payload)
	return err
}

// failed prefers the link's end (a failed or interrupted write, which
// ended it) to the error it caused; a packet refused before any of it was
// written leaves the link whole.
func (l *DCLink) failed(err error) error {
	if lerr := l.Err(); lerr != nil {
		return lerr
	}
	return err
}

// socketWriter is the socket under the link's buffer: it bounds each
// write and counts what the kernel took.
type socketWriter struct{ l *DCLink }

func (w socketWriter) Write(p []byte) (int, error) {
	l := w.l
	l.conn.SetWriteDeadline(time.Now().Add(l.opts.WriteTimeout))
	n, err := l.conn.Write(p)
	l.sent.wrote(n)
	if err != nil {
		var nerr net.Error
		if errors.As(err, &nerr) && nerr.Timeout() {
			err = fmt.Errorf("transfer: the contact took nothing on the direct connection for %s: %w", l.opts.WriteTimeout, err)
		} else {
			err = fmt.Errorf("transfer: writing the direct connection: %w", err)
		}
		l.end(err)
		return n, err
	}
	l.refreshAcked()
	return n, nil
}
