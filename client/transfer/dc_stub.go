package transfer

// TEMPORARY: the API of the direct-connection link being written on the
// dclink branch, so that the negotiation compiles; removed at the merge.

import (
	"context"
	"errors"
	"net"

	"github.com/msn-cli/msn/client/p2p"
)

type DCHandshake struct {
	ID           uint32
	Send, Expect p2p.GUID
	Hashed       bool
}

type DCOptions struct{}

type DCLink struct{ Link }

func (l *DCLink) Acked() uint64 { return 0 }
func (l *DCLink) Close() error  { return nil }

type DCListener struct{}

func DialDC(ctx context.Context, addrs []string, hs DCHandshake, opts DCOptions) (*DCLink, error) {
	return nil, errors.New("stub")
}
func ListenDC(addr string, hs DCHandshake, opts DCOptions) (*DCListener, error) {
	return nil, errors.New("stub")
}
func (l *DCListener) Addr() net.Addr                              { return nil }
func (l *DCListener) Accept(ctx context.Context) (*DCLink, error) { return nil, errors.New("stub") }
func (l *DCListener) Close() error                                { return nil }
