package commands

import (
	"context"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/transfer"
)

// TestReceiveMemoryStaysFlat: msn receive, run in this process, holds no
// more memory after 10,000 messages (2,000 with -short) than after the
// first 1,000: the heap in use after a collection grows by less than
// flatHeapGrowth. The sender and the test server share the process; the
// server keeps a bounded record of what it relayed.
func TestReceiveMemoryStaysFlat(t *testing.T) {
	const warm, flatHeapGrowth = 1000, 1 << 20
	total := 10000
	if testing.Short() {
		total = 2000
	}
	c := newCLI(t, msntest.Options{})
	for _, kv := range append(c.env, "MSN_ACCOUNT=bob@example.com", "MSN_PASSWORD=bob123", "MSN_PROTOCOL=MSNP18", "DBUS_SESSION_BUS_ADDRESS=") {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
	out := &lineCount{more: make(chan struct{})}
	stderr := newLines()
	ctx, stop := context.WithCancel(context.Background())
	ended := make(chan error, 1)
	go func() {
		ended <- App(strings.NewReader(""), out, stderr).RunContext(ctx, []string{"msn", "receive", "--json"})
	}()
	defer func() {
		stop()
		if err := <-ended; err != nil && ctx.Err() == nil {
			t.Errorf("receive: %v", err)
		}
	}()
	waitCtx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	waitFor(t, waitCtx, "bob to come online", func() bool { return c.srv.Status("bob@example.com") != "" })

	alice := loginAlice(t, c.srv)
	conv, err := transfer.Dial(waitCtx, alice, "bob@example.com", transfer.PeerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer conv.Close(context.Background())
	talk := im.Join(alice, conv.Switchboard(), []string{"bob@example.com"}, im.Options{})
	sendUpTo := func(n int) {
		t.Helper()
		for i := out.lines(); i < n; i++ {
			if res := talk.Send(waitCtx, "message number "+itoaT(i)); res[0].Err != nil {
				t.Fatal(res[0].Err)
			}
		}
		if !out.waitFor(waitCtx, n) {
			t.Fatalf("%d of %d messages printed; stderr: %s", out.lines(), n, stderr.String())
		}
	}
	sendUpTo(warm)
	before := heapInuse()
	sendUpTo(total)
	after := heapInuse()
	t.Logf("heap in use after a GC: %d KiB after %d messages, %d KiB after %d (%+d KiB)", before>>10, warm, after>>10, total, (int64(after)-int64(before))>>10)
	if after > before+flatHeapGrowth {
		t.Fatalf("the heap grew by %d KiB over %d messages", (after-before)>>10, total-warm)
	}
}

// heapInuse is the heap in use after a full collection.
func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// lineCount counts the lines written to it, keeping none of them.
type lineCount struct {
	mu   sync.Mutex
	n    int
	more chan struct{} // closed and replaced on every write
}

var _ io.Writer = (*lineCount)(nil)

func (l *lineCount) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n += strings.Count(string(p), "\n")
	close(l.more)
	l.more = make(chan struct{})
	return len(p), nil
}

func (l *lineCount) lines() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// waitFor blocks until n lines were written or ctx is done, and reports
// whether they were.
func (l *lineCount) waitFor(ctx context.Context, n int) bool {
	for {
		l.mu.Lock()
		got, more := l.n, l.more
		l.mu.Unlock()
		if got >= n {
			return true
		}
		select {
		case <-more:
		case <-ctx.Done():
			return false
		}
	}
}
