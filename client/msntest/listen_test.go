package msntest

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// freePorts returns n ports that were free a moment ago on 127.0.0.1.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close() // all held until every port is chosen: n distinct ports
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// TestFixedPorts: each service listens on the port asked for, and the
// services answer there.
func TestFixedPorts(t *testing.T) {
	p := freePorts(t, 3)
	s := newTestServer(t, Options{PlainHTTP: true, Ports: Ports{NS: p[0], SB: p[1], Services: p[2]}})
	for _, got := range []struct {
		addr string
		port int
	}{{s.NSAddr(), p[0]}, {s.SBAddr(), p[1]}, {strings.TrimPrefix(s.ServicesURL(), "http://"), p[2]}} {
		if want := "127.0.0.1:" + strconv.Itoa(got.port); got.addr != want {
			t.Fatalf("listening on %s, want %s", got.addr, want)
		}
	}
	resp, err := http.Get(s.ServicesURL() + "/RST.srf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		t.Fatalf("the services on the fixed port answer %s", resp.Status)
	}
}

// TestPortInUse: a port taken by another listener fails New with a
// ListenError that is EADDRINUSE and names the service and the port, and
// leaves no listener of the server open.
func TestPortInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	free := freePorts(t, 1)[0]
	for _, tt := range []struct {
		ports Ports
		names string
	}{
		{Ports{NS: port}, ServiceNS},
		{Ports{NS: free, SB: port}, ServiceSB},
		{Ports{NS: free, Services: port}, ServiceWeb},
	} {
		s, err := New(Options{Ports: tt.ports})
		if err == nil {
			s.Close()
			t.Fatalf("%+v: New succeeded on a busy port", tt.ports)
		}
		var lerr *ListenError
		if !errors.Is(err, syscall.EADDRINUSE) || !errors.As(err, &lerr) || lerr.Service != tt.names || lerr.Port != port ||
			!strings.Contains(err.Error(), tt.names+" cannot listen on 127.0.0.1:"+strconv.Itoa(port)) {
			t.Fatalf("%+v: %v", tt.ports, err)
		}
		if tt.ports.NS == free { // the NS listener opened first was closed again
			ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(free))
			if err != nil {
				t.Fatalf("%+v: the notification server's port stayed taken: %v", tt.ports, err)
			}
			ln.Close()
		}
	}
}
