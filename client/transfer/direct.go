package transfer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// DirectMode says whether file data may travel over a direct connection
// between the two clients instead of through the server.
type DirectMode int

const (
	// DirectAuto tries a direct connection and falls back to the
	// switchboard when none comes up in time, or when it breaks part-way.
	DirectAuto DirectMode = iota
	// DirectOff never makes one: proposals are declined, none is made.
	DirectOff
	// DirectOnly sends over a direct connection or not at all
	// (ErrNoDirect).
	DirectOnly
)

// DefaultDirectTimeout is how long a direct connection may take to come up
// before the data goes over the switchboard: libpurple gives a listener
// 15 s and each connection attempt 5 s.
const DefaultDirectTimeout = 10 * time.Second

// ErrNoDirect: DirectOnly was asked and no direct connection came up (or
// it broke part-way).
var ErrNoDirect = errors.New("transfer: no direct connection to the contact")

// DirectOptions configure direct connections (TCPv1).
type DirectOptions struct {
	Mode DirectMode
	// Timeout bounds the negotiation and the connection (DefaultDirectTimeout
	// when 0).
	Timeout time.Duration
	// Listen is where to listen when this side listens, host:port; an
	// empty host is the address the switchboard is reached from, port 0
	// a free one. Nothing listens on any other address.
	Listen string
	// Advertise are the addresses to tell the peer (behind a NAT, the
	// public one); empty: the listening address.
	Advertise []string
	// AdvertisePort, when not 0, is the port to tell the peer instead of
	// the listening one (a NAT that forwards another port).
	AdvertisePort uint16
	// NoListen makes this side never listen (it answers that it cannot,
	// and connects when the peer listens instead).
	NoListen bool
	// Hashed proposes direct connections with a Hashed-Nonce (Windows
	// Live Messenger 2009) instead of a plain Nonce (libpurple, whose
	// hashed mode does not interoperate). A proposal is always answered
	// in the form it came in.
	Hashed bool
}

func (o DirectOptions) timeout() time.Duration {
	if o.Timeout <= 0 {
		return DefaultDirectTimeout
	}
	return o.Timeout
}

// listenAddr is where this side listens: the configured host and port,
// the host defaulting to the primary link's local address.
func (e *Endpoint) listenAddr() string {
	host, port, err := net.SplitHostPort(e.direct.Listen)
	if err != nil {
		host, port = "", "0"
	}
	if host == "" {
		if la, ok := e.link.(interface{ LocalAddr() net.Addr }); ok {
			if a, ok := la.LocalAddr().(*net.TCPAddr); ok {
				host = a.IP.String()
			}
		}
	}
	if host == "" {
		host = "127.0.0.1" // never every interface
	}
	return net.JoinHostPort(host, port)
}

// listen starts a listener for the handshake hs and says what to tell the
// peer about it (the transrespbody of a side that listens): where, and
// the nonce, hashed or plain as hs is.
func (e *Endpoint) listen(hs DCHandshake, nonce p2p.GUID) (*DCListener, p2p.TransportResponse, error) {
	ln, err := ListenDC(e.listenAddr(), hs, DCOptions{})
	if err != nil {
		return nil, p2p.TransportResponse{}, err
	}
	tcp, _ := ln.Addr().(*net.TCPAddr)
	resp := p2p.TransportResponse{Bridge: "TCPv1", Listening: true}
	if hs.Hashed {
		resp.HashedNonce = p2p.HashNonce(nonce)
	} else {
		resp.Nonce = nonce
	}
	port := uint16(tcp.Port)
	if e.direct.AdvertisePort != 0 {
		port = e.direct.AdvertisePort
	}
	resp.InternalAddrs, resp.InternalPort = []string{tcp.IP.String()}, port
	if len(e.direct.Advertise) > 0 {
		resp.ExternalAddrs, resp.ExternalPort = e.direct.Advertise, port
	} else {
		resp.ExternalAddrs, resp.ExternalPort = []string{tcp.IP.String()}, port
	}
	return ln, resp, nil
}

// dialAddrs lists where a listening peer said to connect: internal
// addresses first, as libpurple tries them.
func dialAddrs(resp p2p.TransportResponse) []string {
	var out []string
	for _, a := range resp.InternalAddrs {
		out = append(out, net.JoinHostPort(a, strconv.Itoa(int(resp.InternalPort))))
	}
	for _, a := range resp.ExternalAddrs {
		if addr := net.JoinHostPort(a, strconv.Itoa(int(resp.ExternalPort))); !contains(out, addr) {
			out = append(out, addr)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// openDirect negotiates a direct connection for the session callID, as
// the sender, after the receiver accepted the file: it proposes one
// (transreqbody); when the receiver listens it connects; when it cannot,
// this side listens and says so (a reverse invitation, as libpurple
// does), and waits for the receiver to connect. It blocks at most
// DirectOptions.Timeout; an error means the data goes over the
// switchboard (or not at all with DirectOnly).
func (e *Endpoint) openDirect(ctx context.Context, callID string) (*DCLink, error) {
	ctx, cancel := context.WithTimeout(ctx, e.direct.timeout())
	defer cancel()
	nonce := p2p.NewGUID()
	req := p2p.TransportRequest{Bridges: "TCPv1", NetID: "0", ConnType: "Direct-Connect"}
	if e.direct.Hashed {
		req.HashedNonce = p2p.HashNonce(nonce)
	}
	branch := p2p.NewGUID().String()
	invite := p2p.NewRequest(p2p.MethodInvite, e.peer, e.self, branch, callID, p2p.ContentTransportReq, req.Body())
	replies := e.expectReply(callID)
	defer e.forgetReply(callID, replies)
	if err := e.sendSLP(ctx, invite); err != nil {
		return nil, err
	}
	var m *p2p.SLPMessage
	select {
	case m = <-replies:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: the contact did not answer the proposal in time", ErrNoDirect)
	case <-e.done:
		return nil, e.link.Err()
	}
	if m.Status != 200 || m.ContentType != p2p.ContentTransportResp {
		return nil, fmt.Errorf("%w: the contact's client refused (%d %s)", ErrNoDirect, m.Status, m.Reason)
	}
	resp, err := p2p.ParseTransportResponse(m.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoDirect, err)
	}
	hashed := !req.HashedNonce.IsZero() && !resp.HashedNonce.IsZero()
	if resp.Listening {
		hs := DCHandshake{ID: e.nextID(), Send: resp.Nonce, Expect: resp.Nonce}
		if hashed {
			hs = DCHandshake{ID: e.nextID(), Send: nonce, Expect: resp.HashedNonce, Hashed: true}
		}
		link, err := DialDC(ctx, dialAddrs(resp), hs, DCOptions{})
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNoDirect, err)
		}
		return link, nil
	}
	if e.direct.NoListen {
		return nil, fmt.Errorf("%w: neither side can listen", ErrNoDirect)
	}
	// The receiver cannot listen: listen here, and tell it where.
	hs := DCHandshake{ID: e.nextID(), Send: nonce, Expect: nonce}
	if hashed {
		hs = DCHandshake{ID: e.nextID(), Send: nonce, Expect: resp.HashedNonce, Hashed: true}
	}
	ln, offer, err := e.listen(hs, nonce)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoDirect, err)
	}
	defer ln.Close()
	reverse := p2p.NewRequest(p2p.MethodInvite, e.peer, e.self, branch, callID, p2p.ContentTransportResp, offer.Body())
	if err := e.sendSLP(ctx, reverse); err != nil {
		return nil, err
	}
	link, err := ln.Accept(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: the contact did not connect: %w", ErrNoDirect, err)
	}
	return link, nil
}

// expectReply registers a waiter for the next response in session callID.
func (e *Endpoint) expectReply(callID string) chan *p2p.SLPMessage {
	ch := make(chan *p2p.SLPMessage, 1)
	e.mu.Lock()
	e.replies[callID] = ch
	e.mu.Unlock()
	return ch
}

// forgetReply removes the waiter ch for callID, if it is still there.
func (e *Endpoint) forgetReply(callID string, ch chan *p2p.SLPMessage) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.replies[callID] == ch {
		delete(e.replies, callID)
	}
}

// transportRequested answers a proposal of a direct connection from the
// sender of a file (a transreqbody INVITE): with DirectOff it declines
// with the transreqbody content type, which makes libpurple fall back to
// the switchboard at once (any other content type in an error makes it
// cancel the transfer); otherwise it listens and says where, or says it
// cannot (NoListen, or listening failed) and waits for the sender to
// listen instead (reverseInvited).
func (e *Endpoint) transportRequested(m *p2p.SLPMessage) {
	req, err := p2p.ParseTransportRequest(m.Body)
	if e.direct.Mode == DirectOff || err != nil || !hasBridge(req.Bridges, "TCPv1") {
		e.answer(m, 603, p2p.ContentTransportReq, nil)
		return
	}
	nonce := p2p.NewGUID()
	hs := DCHandshake{ID: e.nextID(), Send: nonce, Expect: nonce}
	if !req.HashedNonce.IsZero() { // answered in the form it came in
		hs = DCHandshake{ID: e.nextID(), Send: nonce, Expect: req.HashedNonce, Hashed: true}
	}
	var ln *DCListener
	var resp p2p.TransportResponse
	if !e.direct.NoListen {
		ln, resp, err = e.listen(hs, nonce)
	}
	if ln == nil {
		if err != nil {
			e.trace("P2P -- cannot listen for a direct connection: %v", err)
		}
		resp = p2p.TransportResponse{Bridge: "TCPv1", Listening: false}
		if hs.Hashed {
			// The sender may listen instead: it will check this side's
			// nonce against this hash.
			resp.HashedNonce = p2p.HashNonce(nonce)
			e.mu.Lock()
			e.nonces[m.CallID] = nonce
			e.mu.Unlock()
		}
		e.answer(m, 200, p2p.ContentTransportResp, resp.Body())
		return
	}
	e.answer(m, 200, p2p.ContentTransportResp, resp.Body())
	go e.acceptDirect(ln)
}

// acceptDirect waits for the peer's connection on ln, bounded, and
// attaches it.
func (e *Endpoint) acceptDirect(ln *DCListener) {
	defer ln.Close()
	ctx, cancel := e.directContext()
	defer cancel()
	link, err := ln.Accept(ctx)
	if err != nil {
		e.trace("P2P -- no direct connection came: %v", err)
		return
	}
	e.attachDirect(link)
}

// reverseInvited handles a sender that could not be reached and listens
// itself (an INVITE with a transrespbody that says it listens): connect
// to it, bounded, and attach the connection.
func (e *Endpoint) reverseInvited(m *p2p.SLPMessage) {
	resp, err := p2p.ParseTransportResponse(m.Body)
	if e.direct.Mode == DirectOff || err != nil || !resp.Listening {
		e.answer(m, 603, p2p.ContentTransportReq, nil)
		return
	}
	hs := DCHandshake{ID: e.nextID(), Send: resp.Nonce, Expect: resp.Nonce}
	if !resp.HashedNonce.IsZero() {
		// Hashed: this side sends the nonce whose hash went with its
		// 200 OK, and checks the sender's against the hash it sent now.
		e.mu.Lock()
		own, ok := e.nonces[m.CallID]
		e.mu.Unlock()
		if !ok {
			e.answer(m, 603, p2p.ContentTransportReq, nil)
			return
		}
		hs = DCHandshake{ID: e.nextID(), Send: own, Expect: resp.HashedNonce, Hashed: true}
	}
	go func() {
		ctx, cancel := e.directContext()
		defer cancel()
		link, err := DialDC(ctx, dialAddrs(resp), hs, DCOptions{})
		if err != nil {
			e.trace("P2P -- could not connect to the sender: %v", err)
			return
		}
		e.attachDirect(link)
	}()
}

// attachDirect adds a direct connection to the endpoint (see Attach).
func (e *Endpoint) attachDirect(link *DCLink) <-chan struct{} {
	e.trace("P2P -- direct connection up: %s to %s", link.LocalAddr(), link.RemoteAddr())
	return e.Attach(link)
}

// directContext bounds one step of a direct connection made on the
// endpoint's own goroutines: the timeout, or the endpoint stopping.
func (e *Endpoint) directContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), e.direct.timeout())
	go func() {
		select {
		case <-e.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

func hasBridge(bridges, want string) bool {
	for _, b := range strings.Fields(bridges) {
		if b == want {
			return true
		}
	}
	return false
}
