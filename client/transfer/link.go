package transfer

import (
	"context"

	"github.com/msn-cli/msn/client/p2p"
)

// Link moves MSNP2P packets between this client and one peer: a
// switchboard (SBLink), or a direct connection. An Endpoint owns it and
// is its only reader.
type Link interface {
	// MaxChunk is the most payload bytes one packet may carry.
	MaxChunk() uint32
	// SendControl writes packets (SLP messages, ACKs) at once, outside
	// the data window, in one write; it blocks only for the write, so the
	// Endpoint can answer while data is in flight.
	SendControl(ctx context.Context, pkts ...p2p.Packet) error
	// SendData writes data packets in order, blocking while the window of
	// unacknowledged data is full. One goroutine at a time sends data.
	SendData(ctx context.Context, pkts ...p2p.Packet) error
	// Flush blocks until every data packet written has been accepted: by
	// the relay, with the peer present, on a switchboard. It returns the
	// first failure.
	Flush(ctx context.Context) error
	// Delivered is how many data payload bytes have been accepted so far.
	Delivered() uint64
	// Packets delivers incoming packets in order. It is never closed:
	// the reader stops at Done, after taking what is still queued.
	Packets() <-chan p2p.Packet
	// Done is closed when the link can carry nothing more.
	Done() <-chan struct{}
	// Err is why the link ended, or nil while it is up.
	Err() error
}
