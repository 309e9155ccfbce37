package ns

import (
	"sync"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestSyncComesAfterTheCHGBurst: after the first CHG the server sends the
// presence burst and Mail-Data with no end marker; Sync must return only
// once they have all been handed to the Handler.
func TestSyncComesAfterTheCHGBurst(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := newServer(t, msntest.Options{})
			var mu sync.Mutex
			var mailData int
			cfg := config(t, srv, "alice@example.com", "alice123", d)
			cfg.Handler.OfflineMessages = func(n MailNotice) {
				if n.Initial {
					mu.Lock()
					mailData++
					mu.Unlock()
				}
			}
			s, err := Login(ctxT(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Logout(ctxT(t))
			if err := s.SetPresence(ctxT(t), StatusHidden); err != nil {
				t.Fatal(err)
			}
			if err := s.Sync(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if mailData != 1 {
				t.Fatalf("%d Mail-Data messages before Sync returned, want 1", mailData)
			}
		})
	}
}
