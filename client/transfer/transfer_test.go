package transfer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/p2p"
	"github.com/msn-cli/msn/client/transfer"
)

func ctxT(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// world is a server with alice logged in and bob, a test peer configured
// by bobCfg, online (unless offline).
func world(t testing.TB, d ns.Dialect, bobCfg peer.Config, opts msntest.Options) (*msntest.Server, *ns.Session, *peer.Peer) {
	t.Helper()
	srv, err := msntest.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.AddAccount("alice@example.com", "alice123", "Alice")
	srv.AddAccount("bob@example.com", "bob123", "Bob")
	srv.AddContact("alice@example.com", "bob@example.com")
	bobCfg.Server, bobCfg.Services, bobCfg.HTTP = srv.NSAddr(), srv.ServicesURL(), srv.HTTPClient()
	bobCfg.Account, bobCfg.Password, bobCfg.Dialect = "bob@example.com", "bob123", d
	bob, err := peer.Start(ctxT(t, 10*time.Second), bobCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bob.Close)
	return srv, login(t, srv, d), bob
}

func login(t testing.TB, srv *msntest.Server, d ns.Dialect) *ns.Session {
	t.Helper()
	sess, err := peer.Login(ctxT(t, 10*time.Second), peer.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
		Account: "alice@example.com", Password: "alice123", Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Logout(context.Background()) })
	return sess
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{byte(n), byte(n >> 8), byte(n >> 16)})
	r.Read(b)
	return b
}

// TestSendFileArrivesExactly crosses every chunk boundary of the
// switchboard (1202 bytes a chunk), at every dialect, several files over
// one switchboard.
func TestSendFileArrivesExactly(t *testing.T) {
	sizes := []int{1, 0, p2p.SBChunk - 1, p2p.SBChunk, p2p.SBChunk + 1, 10*p2p.SBChunk + 1, 5 << 20}
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			_, alice, bob := world(t, d, peer.Config{}, msntest.Options{})
			ctx := ctxT(t, 60*time.Second)
			p, err := transfer.Dial(ctx, alice, "bob@example.com", relayed)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close(ctx)
			for _, n := range sizes {
				data := randomBytes(n)
				var progress uint64
				_, err := p.SendFile(ctx, bytes.NewReader(data), "file.bin", uint64(n), transfer.SendOptions{
					Progress: func(sent uint64) {
						if sent < progress || sent > uint64(n) {
							t.Errorf("progress went from %d to %d of %d", progress, sent, n)
						}
						progress = sent
					},
				})
				if err != nil {
					t.Fatalf("%d bytes: %v", n, err)
				}
				if progress != uint64(n) {
					t.Errorf("%d bytes: progress ended at %d", n, progress)
				}
			}
			files := bob.WaitFiles(ctx, len(sizes))
			if len(files) != len(sizes) {
				t.Fatalf("bob has %d files", len(files))
			}
			for i, f := range files {
				want := sha256.Sum256(randomBytes(sizes[i]))
				if f.Err != nil || f.SHA256 != want || f.Received != uint64(sizes[i]) || f.Name != "file.bin" || f.From != "alice@example.com" {
					t.Errorf("file %d (%d bytes): %+v", i, sizes[i], f.Err)
				}
			}
		})
	}
}

func TestSendFileRefusals(t *testing.T) {
	cases := []struct {
		name string
		cfg  peer.Config
		want error
	}{
		{"declined", peer.Config{Files: peer.DeclineFiles}, transfer.ErrDeclined},
		{"cancelled part-way", peer.Config{Files: peer.CancelFiles, After: 100 << 10}, transfer.ErrCancelled},
		{"left part-way", peer.Config{Files: peer.LeaveMidFile, After: 100 << 10}, transfer.ErrCancelled},
		{"never answered", peer.Config{Files: peer.IgnoreFiles}, transfer.ErrNoAnswer},
	}
	for _, d := range ns.Dialects() {
		for _, c := range cases {
			t.Run(d.String()+"/"+c.name, func(t *testing.T) {
				_, alice, bob := world(t, d, c.cfg, msntest.Options{})
				ctx := ctxT(t, 30*time.Second)
				p, err := transfer.Dial(ctx, alice, "bob@example.com", relayed)
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close(ctx)
				data := randomBytes(1 << 20)
				_, err = p.SendFile(ctx, bytes.NewReader(data), "big.bin", uint64(len(data)), transfer.SendOptions{AcceptTimeout: time.Second})
				if !errors.Is(err, c.want) {
					t.Fatalf("err = %v, want %v", err, c.want)
				}
				if c.cfg.Files == peer.CancelFiles || c.cfg.Files == peer.LeaveMidFile {
					files := bob.WaitFiles(ctx, 1)
					if len(files) != 1 || files[0].Err == nil || files[0].Received >= uint64(len(data)) {
						t.Fatalf("bob's side: %+v", files)
					}
				}
			})
		}
	}
}

// TestSendFileThatShrinks: a file shorter than announced (cut while it
// is sent) fails the transfer, saying where it ended, and the receiver
// gets no file.
func TestSendFileThatShrinks(t *testing.T) {
	const announced, has = 100 << 10, 70<<10 + 5
	_, alice, bob := world(t, ns.MSNP18, peer.Config{}, msntest.Options{})
	ctx := ctxT(t, 30*time.Second)
	p, err := transfer.Dial(ctx, alice, "bob@example.com", relayed)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	_, err = p.SendFile(ctx, bytes.NewReader(randomBytes(has)), "cut.bin", announced, transfer.SendOptions{})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("ended after %d of %d bytes", has, announced)) {
		t.Fatalf("err = %v, want the file ended after %d of %d bytes", err, has, announced)
	}
	files := bob.WaitFiles(ctx, 1)
	if len(files) != 1 || files[0].Err == nil || files[0].Received >= announced {
		t.Fatalf("bob's side: %+v", files)
	}
}

func TestSendFileToOfflineContact(t *testing.T) {
	for _, d := range ns.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv, _, _ := world(t, d, peer.Config{}, msntest.Options{})
			srv.AddAccount("carol@example.com", "carol123", "Carol")
			srv.AddContact("alice@example.com", "carol@example.com")
			alice := login(t, srv, d)
			for _, who := range []string{"carol@example.com", "nobody@example.com"} {
				_, err := transfer.Dial(ctxT(t, 10*time.Second), alice, who, transfer.PeerOptions{})
				if !errors.Is(err, transfer.ErrOffline) {
					t.Errorf("%s: err = %v, want ErrOffline", who, err)
				}
			}
		})
	}
}

// relayed makes a Peer that sends through the switchboard only: the tests
// of the switchboard path.
var relayed = transfer.PeerOptions{Direct: transfer.DirectOptions{Mode: transfer.DirectOff}}
