package msntest

import (
	"fmt"
	"net"
	"strconv"
)

// Ports fixes where a Server listens, on 127.0.0.1; a zero port is one
// the kernel chooses. A port already in use makes New fail with an error
// that matches syscall.EADDRINUSE and names the service.
type Ports struct {
	NS       int // the notification server
	SB       int // the switchboard
	Services int // the Passport and SOAP services (HTTP)
}

// listeners opens the three listeners of p, closing those already open
// when one fails.
func (p Ports) listeners() (ns, sb, web net.Listener, err error) {
	if ns, err = listen("the notification server", p.NS); err != nil {
		return nil, nil, nil, err
	}
	if sb, err = listen("the switchboard", p.SB); err != nil {
		ns.Close()
		return nil, nil, nil, err
	}
	if web, err = listen("the web services", p.Services); err != nil {
		ns.Close()
		sb.Close()
		return nil, nil, nil, err
	}
	return ns, sb, web, nil
}

// listen opens a TCP listener for what on 127.0.0.1:port.
func listen(what string, port int) (net.Listener, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("msntest: port %d for %s is not from 0 to 65535", port, what)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("msntest: %s cannot listen on %s: %w", what, addr, err)
	}
	return ln, nil
}
