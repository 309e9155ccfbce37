package transfer_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/transfer"
)

// BenchmarkSwitchboardTransfer sends a 5 MB file over msntest's
// switchboard with a reply delay (a round trip to the server), with msn's
// window and with a window of 1 (libpurple's stop-and-wait: the next chunk
// only after the server's ACK of the previous one). It reports MB/s.
//
//	go test ./client/transfer -run '^$' -bench SwitchboardTransfer -benchtime 1x
func BenchmarkSwitchboardTransfer(b *testing.B) {
	const size = 5 << 20
	data := randomBytes(size)
	for _, delay := range []time.Duration{0, 20 * time.Millisecond} {
		for _, window := range []int{transfer.DefaultWindow, 1} {
			b.Run(fmt.Sprintf("delay=%s/window=%d", delay, window), func(b *testing.B) {
				_, alice, _ := world(b, ns.MSNP18, peer.Config{}, msntest.Options{Delay: delay})
				ctx := ctxT(b, 30*time.Minute)
				p, err := transfer.Dial(ctx, alice, "bob@example.com", transfer.PeerOptions{Link: transfer.LinkOptions{Window: window}})
				if err != nil {
					b.Fatal(err)
				}
				defer p.Close(ctx)
				b.SetBytes(size)
				b.ResetTimer()
				for range b.N {
					if _, err := p.SendFile(ctx, bytes.NewReader(data), "bench.bin", size, transfer.SendOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
