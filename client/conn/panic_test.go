package conn

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// panicOn returns an NS connection whose Unsolicited handler is handle,
// with two calls pending when the server writes line, and the error each
// call failed with, which must be a *PanicError.
func panicOn(t *testing.T, handle func(msnp.Command), line string) (*Conn, net.Conn, []*PanicError) {
	t.Helper()
	c, _, server, r := pair(t, Options{Name: "NS", Unsolicited: handle})
	ctx := ctxT(t)
	calls := twoPending(t, ctx, c, r)
	io.WriteString(server, line+"\r\n")
	var errs []*PanicError
	for _, call := range calls {
		_, err := call.Wait(ctx)
		var perr *PanicError
		if !errors.As(err, &perr) {
			t.Fatalf("%s: err = %v, want a *PanicError", call.Name, err)
		}
		errs = append(errs, perr)
	}
	return c, server, errs
}

// A panicking Unsolicited handler ends the connection, not the process:
// every pending call fails with a *PanicError naming the line and the
// panic, later calls fail with it too, and the socket is closed.
func TestHandlerPanicFailsEveryPendingCall(t *testing.T) {
	c, server, errs := panicOn(t, func(cmd msnp.Command) {
		if cmd.Name == "RNG" {
			var invites map[string][]string
			invites["bob"] = append(invites["bob"], cmd.Param(0)) // a nil map: panics
		}
	}, "RNG 1 127.0.0.1:1864 CKI 1.2 bob@example.com Bob")
	for _, perr := range errs {
		if perr.Command != "RNG" || perr.Conn != "NS" || len(perr.Stack) == 0 {
			t.Errorf("PanicError = {Conn %q, Command %q, %d-byte stack}, want NS, RNG and a stack", perr.Conn, perr.Command, len(perr.Stack))
		}
		for _, want := range []string{"panic", "RNG", "nil map"} {
			if !strings.Contains(perr.Error(), want) {
				t.Errorf("%q does not say %q", perr, want)
			}
		}
	}
	<-c.Done()
	if _, err := c.Send(ctxT(t), msnp.Command{Name: "PNG"}); !errors.As(err, new(*PanicError)) {
		t.Errorf("send after the panic: err = %v, want the *PanicError", err)
	}
	server.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := server.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("the server's end reads %v, want EOF: the client did not close the socket", err)
	}
}

// A panic while handling the server's OUT reports the panic, not the OUT
// it hid.
func TestHandlerPanicOnOUTReportsThePanic(t *testing.T) {
	_, _, errs := panicOn(t, func(msnp.Command) { panic("handler bug") }, "OUT OTH")
	for _, perr := range errs {
		if perr.Command != "OUT" || perr.Value != "handler bug" {
			t.Errorf("PanicError = %+v, want the handler's panic on OUT", perr)
		}
	}
}
