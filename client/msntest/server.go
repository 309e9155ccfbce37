package msntest

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// Options configure a Server. The zero value is a TLS server that answers
// at once and traces nothing.
type Options struct {
	// Delay delays every reply the server writes (each batch of NS or SB
	// lines answering one command, each unsolicited notification, and each
	// HTTP response) by a fixed time, as network latency would. Replies to
	// commands pipelined in one write are all due one Delay after they
	// arrived, so a client's wall time divided by Delay counts its round
	// trips.
	Delay time.Duration

	// PlainHTTP serves the SOAP endpoints on http:// instead of https://,
	// as Escargot's own deployment does behind its proxy.
	PlainHTTP bool

	// Ports fixes the listening ports; the zero value lets the kernel
	// choose each.
	Ports Ports

	// Trace, when not nil, receives one line per command in each direction
	// (`NS C> ...`, `SB S< ...`) and a note for everything the server
	// ignores, refuses or injects. It is written from the server's
	// goroutines, one whole line per Write, serialised.
	Trace io.Writer
}

// Server is a running test server. Its methods are safe for concurrent use.
type Server struct {
	opts Options

	nsLn net.Listener
	sbLn net.Listener
	web  *httptest.Server

	quit      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once

	traceMu sync.Mutex

	mu         sync.Mutex // guards everything below
	closed     bool
	wires      map[*wire]bool
	accounts   map[string]*account
	tokens     map[string]*loginToken
	cookies    map[string]*sbCookie
	faults     []Fault
	faultFired map[int]int     // fault index -> times fired, for Fault.Times
	disabled   map[string]bool // HTTP paths answering 404 (DisableService)

	soap      map[string]int
	soapTotal int
	logins    map[string]int
	seen      map[string][]string
	received  map[string][]msnp.Command
	oim       oimState // offline messages
	panics    []error  // recovered handler panics (guard)

	sb sbState
}

// New starts a server on loopback: an NS and an SB listener on
// 127.0.0.1, and the SOAP endpoints on an httptest server (TLS with
// httptest's certificate unless opts.PlainHTTP), on the ports of
// opts.Ports or ones the kernel chooses. It has no accounts yet. Call
// Close when done.
func New(opts Options) (*Server, error) {
	s := &Server{
		opts:     opts,
		quit:     make(chan struct{}),
		wires:    map[*wire]bool{},
		accounts: map[string]*account{},
		tokens:   map[string]*loginToken{},
		cookies:  map[string]*sbCookie{},
		soap:     map[string]int{},
		logins:   map[string]int{},
		seen:     map[string][]string{},
		received: map[string][]msnp.Command{},
	}
	s.sb.init()
	var webLn net.Listener
	var err error
	if s.nsLn, s.sbLn, webLn, err = opts.Ports.listeners(); err != nil {
		return nil, err
	}
	s.web = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.web.Listener.Close() // the kernel's choice, replaced by the one asked for
	s.web.Listener = webLn
	s.web.Config.ErrorLog = log.New(traceWriter{s}, "HTTP -- ", 0)
	if opts.PlainHTTP {
		s.web.Start()
	} else {
		s.web.StartTLS()
	}
	s.wg.Add(2)
	go s.acceptLoop(s.nsLn, s.serveNS)
	go s.acceptLoop(s.sbLn, s.serveSB)
	return s, nil
}

// Close stops the listeners and the HTTP server, closes every connection
// without flushing what was still queued, and waits for all of the
// server's goroutines to end. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.quit)
		s.nsLn.Close()
		s.sbLn.Close()
		for w := range s.wires {
			w.abort()
		}
		s.mu.Unlock()
		s.web.CloseClientConnections()
		s.web.Close()
		s.wg.Wait()
	})
}

// NSAddr is the notification server's host:port, for example
// "127.0.0.1:41234".
func (s *Server) NSAddr() string { return s.nsLn.Addr().String() }

// SBAddr is the switchboard's host:port, as sent in XFR and RNG.
func (s *Server) SBAddr() string { return s.sbLn.Addr().String() }

// ServicesURL is the base URL of the SOAP endpoints, without a trailing
// slash ("https://127.0.0.1:41235"); append a path such as "/RST.srf".
func (s *Server) ServicesURL() string { return s.web.URL }

// HTTPClient returns a client that trusts the server's test certificate.
func (s *Server) HTTPClient() *http.Client { return s.web.Client() }

// CACertPEM is the server's certificate in PEM form, for a client's
// --ca-file. It is nil with PlainHTTP.
func (s *Server) CACertPEM() []byte {
	var cert *x509.Certificate
	if s.web.TLS != nil {
		cert = s.web.Certificate()
	}
	if cert == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

// acceptLoop accepts connections until the listener closes and serves
// each on its own goroutine.
func (s *Server) acceptLoop(ln net.Listener, serve func(net.Conn)) {
	defer s.wg.Done()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.tracef("-- accept: %v", err)
			}
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			serve(conn)
		}()
	}
}

// register adds a connection's wire to the set Close aborts. It reports
// false, having closed conn, when the server is already closed.
func (s *Server) register(kind string, conn net.Conn) (*wire, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		conn.Close()
		return nil, false
	}
	w := newWire(s, kind, conn)
	s.wires[w] = true
	return w, true
}

// unregister forgets a connection's wire and queues its close.
func (s *Server) unregister(w *wire) {
	s.mu.Lock()
	delete(s.wires, w)
	s.mu.Unlock()
	w.closeAfter()
}

// delay sleeps Options.Delay before an HTTP response, or until Close.
func (s *Server) delay() {
	if s.opts.Delay <= 0 {
		return
	}
	t := time.NewTimer(s.opts.Delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.quit:
	}
}

// traceWriter sends the HTTP server's own log lines to the trace.
type traceWriter struct{ s *Server }

func (w traceWriter) Write(p []byte) (int, error) {
	w.s.tracef("%s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
