package msntest

import (
	"fmt"
	"net"
	"strconv"
)

// Ports fixes where a Server listens, on 127.0.0.1; a zero port is one
// the kernel chooses. A port already in use makes New fail with a
// *ListenError that matches syscall.EADDRINUSE.
type Ports struct {
	NS       int // the notification server
	SB       int // the switchboard
	Services int // the Passport and SOAP services (HTTP)
}

// The services of a Server, as ListenError names them.
const (
	ServiceNS  = "the notification server"
	ServiceSB  = "the switchboard"
	ServiceWeb = "the web services"
)

// listeners opens the three listeners of p, closing those already open
// when one fails.
func (p Ports) listeners() (ns, sb, web net.Listener, err error) {
	if ns, err = listen(ServiceNS, p.NS); err != nil {
		return nil, nil, nil, err
	}
	if sb, err = listen(ServiceSB, p.SB); err != nil {
		ns.Close()
		return nil, nil, nil, err
	}
	if web, err = listen(ServiceWeb, p.Services); err != nil {
		ns.Close()
		sb.Close()
		return nil, nil, nil, err
	}
	return ns, sb, web, nil
}

// ListenError is a service of the server that could not listen.
type ListenError struct {
	Service string // ServiceNS, ServiceSB or ServiceWeb
	Port    int    // as asked for; 0 when the kernel was to choose
	Err     error
}

func (e *ListenError) Error() string {
	return fmt.Sprintf("msntest: %s cannot listen on 127.0.0.1:%d: %v", e.Service, e.Port, e.Err)
}

func (e *ListenError) Unwrap() error { return e.Err }

// listen opens a TCP listener for service on 127.0.0.1:port.
func listen(service string, port int) (net.Listener, error) {
	if port < 0 || port > 65535 {
		return nil, &ListenError{Service: service, Port: port, Err: fmt.Errorf("port %d is not from 0 to 65535", port)}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, &ListenError{Service: service, Port: port, Err: err}
	}
	return ln, nil
}
