package keyring

import (
	"sync"
	"testing"

	gokeyring "github.com/zalando/go-keyring"
)

func TestMockStore(t *testing.T) {
	exerciseStore(t, Mock())
}

func TestMockServiceNames(t *testing.T) {
	s := Mock()
	if err := s.Set("carol@example.com", ItemPassword, "p"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("carol@example.com", ItemTickets, "t"); err != nil {
		t.Fatal(err)
	}
	// The items live where NewSystem documents: service msn and
	// msn-tickets, user = account.
	for service, want := range map[string]string{"msn": "p", "msn-tickets": "t"} {
		got, err := gokeyring.Get(service, "carol@example.com")
		if err != nil || got != want {
			t.Errorf("go-keyring Get(%q) returned a different secret or error %v", service, err)
		}
	}
}

func TestMockStartsEmpty(t *testing.T) {
	if err := Mock().Set("dave@example.com", ItemPassword, "p"); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, Mock(), "dave@example.com", ItemPassword)
}

func TestMockConcurrent(t *testing.T) {
	s := Mock()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			account := string(rune('a'+g)) + "@example.com"
			for range 50 {
				if err := s.Set(account, ItemPassword, account); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Get(account, ItemPassword); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
