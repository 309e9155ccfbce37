package ns

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// lockedBuffer is a trace sink the server's goroutines write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

// At MSNP12 DisplayName asks once with SYN and decodes PRP MFN; in the
// address book dialects it sends no SYN (the server would answer 502).
func TestDisplayName(t *testing.T) {
	const name = "Zoë 100% ☃"
	for _, tt := range []struct {
		d    Dialect
		want string
		syns int
	}{{MSNP12, name, 1}, {MSNP15, "", 0}, {MSNP18, "", 0}} {
		t.Run(tt.d.String(), func(t *testing.T) {
			trace := &lockedBuffer{}
			srv := newServer(t, msntest.Options{Trace: trace})
			srv.AddAccount("alice@example.com", "alice123", name)
			s, err := Login(ctxT(t), config(t, srv, "alice@example.com", "alice123", tt.d))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Logout(ctxT(t))
			for range 2 {
				got, err := s.DisplayName(ctxT(t))
				if err != nil || got != tt.want {
					t.Fatalf("DisplayName = %q, %v; want %q", got, err, tt.want)
				}
			}
			if n := trace.count("NS C> SYN"); n != tt.syns {
				t.Errorf("%d SYN sent, want %d", n, tt.syns)
			}
		})
	}
}
