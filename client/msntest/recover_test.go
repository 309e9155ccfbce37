package msntest

import (
	"net"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msnp"
)

// panickyHandler echoes every command but BAD, on which it panics, and
// panics again when its connection ends.
type panickyHandler struct{ w *wire }

func (h panickyHandler) handle(cmd msnp.Command) {
	if cmd.Name == "BAD" {
		panic("handler bug")
	}
	h.w.send(cmd)
}

func (h panickyHandler) leave() { panic("leave bug") }

// A panicking handler closes its own connection, after what it had
// queued, and is reported by HandlerPanics; the server lock is released
// and the other connections go on.
func TestHandlerPanicClosesOnlyItsConnection(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	s.AddAccount("alice@example.com", "alice123", "Alice")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	served := make(chan struct{})
	go func() {
		defer close(served)
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		s.serve("NS", conn, func(w *wire) handler { return panickyHandler{w} })
	}()
	c := dial(t, ln.Addr().String(), "panicky")
	c.send("PNG")
	c.expectNext("PNG")
	c.send("BAD 1")
	c.expectClosed()
	<-served

	err = s.HandlerPanics()
	if err == nil {
		t.Fatal("HandlerPanics = nil after two panics")
	}
	for _, want := range []string{"NS handler panicked on BAD: handler bug", "NS handler panicked on leave: leave bug"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("HandlerPanics = %q, want it to say %q", err, want)
		}
	}
	login(t, s, "alice@example.com", "alice123", 18, guidA).send("OUT")
}
