package conn

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// countingConn counts Write calls so tests can check that a pipelined
// batch leaves in one write.
type countingConn struct {
	net.Conn
	mu     sync.Mutex
	writes int
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// pair returns a Conn and the server's end of a loopback TCP connection, with a reader of the
// client's lines.
func pair(t *testing.T, opts Options) (*Conn, *countingConn, net.Conn, *msnp.Reader) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	cc := &countingConn{Conn: client}
	c := New(cc, opts)
	t.Cleanup(func() { c.Close(); server.Close() })
	return c, cc, server, msnp.NewReader(server, msnp.FromClient)
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestRepliesMatchedByTrIDInAnyOrder(t *testing.T) {
	c, cc, server, r := pair(t, Options{})
	ctx := ctxT(t)
	calls, err := c.Start(ctx,
		msnp.Command{Name: "VER", Params: []string{"MSNP18", "CVR0"}},
		msnp.Command{Name: "CVR", Params: []string{"0x0409", "winnt"}},
		msnp.Command{Name: "USR", Params: []string{"SSO", "I", "alice@example.com"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	var got []msnp.Command
	for range calls {
		cmd, err := r.ReadCommand()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, cmd)
	}
	if got[0].TrID != 1 || got[1].TrID != 2 || got[2].TrID != 3 {
		t.Fatalf("trids %d %d %d", got[0].TrID, got[1].TrID, got[2].TrID)
	}
	if cc.writes != 1 {
		t.Fatalf("pipelined batch took %d writes, want 1", cc.writes)
	}
	// Reply out of order, with an unrelated line in between.
	io.WriteString(server, "USR 3 SSO S MBI_KEY_OLD nonce\r\nGCF 0 2\r\nokCVR 2 x\r\nVER 1 MSNP18\r\n")
	for i, want := range []string{"VER 1 MSNP18", "CVR 2 x", "USR 3 SSO S MBI_KEY_OLD nonce"} {
		reply, err := calls[i].Wait(ctx)
		if err != nil || reply.String() != want {
			t.Fatalf("call %d: %q, %v; want %q", i, reply.String(), err, want)
		}
	}
}

func TestNumericErrorIsTyped(t *testing.T) {
	c, _, server, r := pair(t, Options{})
	go func() {
		cmd, _ := r.ReadCommand()
		io.WriteString(server, "217 "+itoa(cmd.TrID)+"\r\n")
	}()
	_, err := c.Send(ctxT(t), msnp.Command{Name: "CAL", Params: []string{"bob@example.com"}})
	if !errors.Is(err, msnp.ErrNotOnline) {
		t.Fatalf("err = %v, want ErrNotOnline", err)
	}
}

func TestUnsolicitedInOrderAndSecondLineWithSameTrID(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	c, _, server, r := pair(t, Options{Unsolicited: func(cmd msnp.Command) {
		mu.Lock()
		seen = append(seen, cmd.String())
		mu.Unlock()
	}})
	go func() {
		cmd, _ := r.ReadCommand()
		io.WriteString(server, "NLN NLN bob@example.com Bob 0 x\r\nCHG "+itoa(cmd.TrID)+" NLN 0\r\nILN "+itoa(cmd.TrID)+" NLN carol@example.com Carol 0 x\r\nQNG 60\r\n")
		server.Close()
	}()
	reply, err := c.Send(ctxT(t), msnp.Command{Name: "CHG", Params: []string{"NLN", "0"}})
	if err != nil || reply.Name != "CHG" {
		t.Fatalf("reply %v, %v", reply, err)
	}
	<-c.Done()
	mu.Lock()
	defer mu.Unlock()
	want := []string{"NLN NLN bob@example.com Bob 0 x", "ILN 1 NLN carol@example.com Carol 0 x", "QNG 60"}
	if strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Fatalf("unsolicited %q, want %q", seen, want)
	}
}

func TestNeverAnsweredHonoursDeadline(t *testing.T) {
	c, _, _, r := pair(t, Options{})
	go func() {
		for {
			if _, err := r.ReadCommand(); err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Send(ctx, msnp.Command{Name: "QRY", Params: []string{"PROD"}, Payload: []byte("x")})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

// twoPending starts XFR and BLP and reads them on the server's side: two
// calls left waiting for replies that never come.
func twoPending(t *testing.T, ctx context.Context, c *Conn, r *msnp.Reader) []*Call {
	t.Helper()
	calls, err := c.Start(ctx, msnp.Command{Name: "XFR", Params: []string{"SB"}}, msnp.Command{Name: "BLP", Params: []string{"AL"}})
	if err != nil {
		t.Fatal(err)
	}
	for range calls {
		if _, err := r.ReadCommand(); err != nil {
			t.Fatal(err)
		}
	}
	return calls
}

func TestDropFailsEveryWaiter(t *testing.T) {
	c, _, server, r := pair(t, Options{})
	ctx := ctxT(t)
	calls := twoPending(t, ctx, c, r)
	server.Close()
	for _, call := range calls {
		if _, err := call.Wait(ctx); !errors.Is(err, io.EOF) {
			t.Fatalf("%s: err = %v, want EOF", call.Name, err)
		}
	}
	if _, err := c.Send(ctx, msnp.Command{Name: "PNG"}); err == nil {
		t.Fatal("send on a dropped connection succeeded")
	}
}

func TestOutOTHFailsWaitersWithReason(t *testing.T) {
	c, _, server, r := pair(t, Options{})
	ctx := ctxT(t)
	call, err := c.Start(ctx, msnp.Command{Name: "XFR", Params: []string{"SB"}})
	if err != nil {
		t.Fatal(err)
	}
	r.ReadCommand()
	io.WriteString(server, "OUT OTH\r\n")
	server.Close()
	_, err = call[0].Wait(ctx)
	var out *OutError
	if !errors.As(err, &out) || out.Reason != "OTH" {
		t.Fatalf("err = %v, want OutError OTH", err)
	}
	if !strings.Contains(err.Error(), "another location") {
		t.Fatalf("message %q does not explain OTH", err)
	}
}

func TestBadParamNeverReachesTheWire(t *testing.T) {
	c, cc, _, _ := pair(t, Options{})
	_, err := c.Start(ctxT(t), msnp.Command{Name: "USR", Params: []string{"TWN", "I", "alice@example.com\r\nOUT"}})
	if !errors.Is(err, msnp.ErrBadParam) {
		t.Fatalf("err = %v, want ErrBadParam", err)
	}
	if _, err := c.Post(ctxT(t), msnp.Command{Name: "MSG", Params: []string{"A"}}); err == nil {
		t.Fatal("MSG without payload accepted")
	}
	if cc.writes != 0 {
		t.Fatalf("%d writes for refused commands", cc.writes)
	}
}

func TestTraceRedactsSecrets(t *testing.T) {
	var trace bytes.Buffer
	c, _, server, r := pair(t, Options{Name: "NS", Trace: &trace})
	ticket := "t=64c5de333c3bc39d63b7Y6+H31sTUOFkqj&p="
	blob := "HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAAbs9cHX"
	cookie := "63d4bb6e8a59d22973da"
	go func() {
		cmd, _ := r.ReadCommand()
		io.WriteString(server, "USR "+itoa(cmd.TrID)+" OK alice@example.com 1 0\r\n")
		profile := "MIME-Version: 1.0\r\nMSPAuth: 64c5de333c3bc39d63b7Y6+H31sTUOFkqj&p=\r\nClientPort: 1\r\n\r\n"
		io.WriteString(server, "MSG Hotmail Hotmail "+itoa(len(profile))+"\r\n"+profile)
		io.WriteString(server, "XFR 9 SB 127.0.0.1:1864 CKI "+cookie+" U messenger.msn.com 1\r\n")
		server.Close()
	}()
	_, err := c.Send(ctxT(t), msnp.Command{Name: "USR", Params: []string{"SSO", "S", ticket, blob, "{23C54EA2-BCBB-468A-8122-7C7811DEDF7D}"}})
	if err != nil {
		t.Fatal(err)
	}
	<-c.Done()
	out := trace.String()
	for _, secret := range []string{"64c5de333c3bc39d63b7", blob, cookie} {
		if strings.Contains(out, secret) {
			t.Errorf("trace contains secret %q:\n%s", secret, out)
		}
	}
	for _, kept := range []string{"NS C> USR 1 SSO S [redacted] [redacted] {23C54EA2-BCBB-468A-8122-7C7811DEDF7D}", "NS S<     | MSPAuth: [redacted]", "NS S<     | ClientPort: 1", "CKI [redacted] U"} {
		if !strings.Contains(out, kept) {
			t.Errorf("trace lacks %q:\n%s", kept, out)
		}
	}
}

func TestRedactSwitchboardCookies(t *testing.T) {
	for _, tt := range []struct {
		cmd        msnp.Command
		fromClient bool
		want       string
	}{
		{msnp.Command{Name: "USR", TrID: 1, Params: []string{"alice@example.com;{215f}", "39eeab01"}}, true, "USR 1 alice@example.com;{215f} [redacted]"},
		{msnp.Command{Name: "ANS", TrID: 1, Params: []string{"bob@example.com", "bbfce951", "b2138652"}}, true, "ANS 1 bob@example.com [redacted] b2138652"},
		{msnp.Command{Name: "RNG", TrID: msnp.NoTrID, Params: []string{"b2138652", "127.0.0.1:1864", "CKI", "bbfce951", "alice@example.com", "Alice"}}, false, "RNG b2138652 127.0.0.1:1864 CKI [redacted] alice@example.com Alice"},
		{msnp.Command{Name: "USR", TrID: 1, Params: []string{"OK", "alice@example.com", "Alice"}}, false, "USR 1 OK alice@example.com Alice"},
		{msnp.Command{Name: "USR", TrID: 4, Params: []string{"TWN", "S", "67e0fcbbe0817e1b040a"}}, true, "USR 4 TWN S [redacted]"},
	} {
		if got := RedactCommand(tt.cmd, tt.fromClient).String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRosterLinesBeforeTheReplyAreNotTheReply(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	c, _, server, r := pair(t, Options{Unsolicited: func(cmd msnp.Command) {
		mu.Lock()
		seen = append(seen, cmd.String())
		mu.Unlock()
	}})
	go func() {
		cmd, _ := r.ReadCommand()
		id := itoa(cmd.TrID)
		io.WriteString(server, "IRO "+id+" 1 2 alice@example.com;{215f} Alice 1:2\r\nIRO "+id+" 2 2 alice@example.com Alice 1:2\r\nANS "+id+" OK\r\n")
	}()
	reply, err := c.Send(ctxT(t), msnp.Command{Name: "ANS", Params: []string{"bob@example.com", "cookie", "session"}})
	if err != nil || reply.String() != "ANS 1 OK" {
		t.Fatalf("reply %q, %v; want ANS 1 OK", reply.String(), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || !strings.HasPrefix(seen[0], "IRO 1 1 2") {
		t.Fatalf("roster lines went to %q", seen)
	}
}

// TestWriteAfterOUTReportsTheReason: the server said OUT OTH and closed;
// a write that fails then must report why, not just a broken pipe.
func TestWriteAfterOUTReportsTheReason(t *testing.T) {
	c, _, server, _ := pair(t, Options{})
	io.WriteString(server, "OUT OTH\r\n")
	server.Close()
	var err error
	for i := 0; i < 100 && err == nil; i++ { // until the close is felt
		_, err = c.Post(ctxT(t), msnp.Command{Name: "PNG"})
		time.Sleep(5 * time.Millisecond)
	}
	var out *OutError
	if !errors.As(err, &out) || out.Reason != "OTH" {
		t.Fatalf("err = %v, want the OUT OTH reason", err)
	}
}
