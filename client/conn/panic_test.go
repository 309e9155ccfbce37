package conn

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// A panicking Unsolicited handler ends the connection, not the process:
// every pending call fails with a *PanicError naming the line and the
// panic, later calls fail with it too, and the socket is closed.
func TestHandlerPanicFailsEveryPendingCall(t *testing.T) {
	c, _, server, r := pair(t, Options{Name: "NS", Unsolicited: func(cmd msnp.Command) {
		if cmd.Name == "RNG" {
			var invites map[string][]string
			invites["bob"] = append(invites["bob"], cmd.Param(0)) // a nil map: panics
		}
	}})
	ctx := ctxT(t)
	calls, err := c.Start(ctx, msnp.Command{Name: "XFR", Params: []string{"SB"}}, msnp.Command{Name: "BLP", Params: []string{"AL"}})
	if err != nil {
		t.Fatal(err)
	}
	r.ReadCommand()
	r.ReadCommand()
	io.WriteString(server, "RNG 1 127.0.0.1:1864 CKI 1.2 bob@example.com Bob\r\n")

	for _, call := range calls {
		_, err := call.Wait(ctx)
		var perr *PanicError
		if !errors.As(err, &perr) {
			t.Fatalf("%s: err = %v, want a *PanicError", call.Name, err)
		}
		if perr.Command != "RNG" || perr.Conn != "NS" || len(perr.Stack) == 0 {
			t.Errorf("%s: PanicError = {Conn %q, Command %q, %d-byte stack}, want NS, RNG and a stack", call.Name, perr.Conn, perr.Command, len(perr.Stack))
		}
		for _, want := range []string{"panic", "RNG", "nil map"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not say %q", call.Name, err, want)
			}
		}
	}
	<-c.Done()
	if _, err := c.Send(ctx, msnp.Command{Name: "PNG"}); !errors.As(err, new(*PanicError)) {
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
	c, _, server, r := pair(t, Options{Unsolicited: func(cmd msnp.Command) { panic("handler bug") }})
	ctx := ctxT(t)
	call, err := c.Start(ctx, msnp.Command{Name: "XFR", Params: []string{"SB"}})
	if err != nil {
		t.Fatal(err)
	}
	r.ReadCommand()
	io.WriteString(server, "OUT OTH\r\n")
	_, err = call[0].Wait(ctx)
	var perr *PanicError
	if !errors.As(err, &perr) || perr.Command != "OUT" || perr.Value != "handler bug" {
		t.Fatalf("err = %v, want a *PanicError for OUT", err)
	}
}
