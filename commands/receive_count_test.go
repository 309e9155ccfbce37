package commands

import (
	"context"
	"errors"
	"net/textproto"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/transfer"
)

// TestReceiveMessageWaitsForAFilesPlace: with --count 1, a text that
// comes while a file arriving holds the one place is not lost: when the
// file stops part-way and gives its place back, the text takes it, is
// printed and ends the run.
func TestReceiveMessageWaitsForAFilesPlace(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := newLines(), newLines()
	s := &settings{Stdout: stdout, Stderr: stderr, Timeout: 10 * time.Second, Quiet: true}
	r := newReceiver(ctx, cancel, s, receiveJob{count: 1, dir: &savefile.Dir{Path: t.TempDir()}}, nil)
	conv := &conversation{id: "1", from: "alice@example.com", ready: make(chan struct{})}
	files := r.fileHandler(conv)
	offer := transfer.Offer{From: "alice@example.com", Name: "a.txt", Size: 10, SessionID: 7}
	if _, err := files.Offer(offer); err != nil {
		t.Fatal(err)
	}
	r.message(conv, sb.Message{From: "alice@example.com", Header: textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}}, Body: []byte("hello")})
	files.Ended(offer, transfer.ErrCancelled)
	if want := "message\talice@example.com\thello\n"; stdout.String() != want {
		t.Fatalf("stdout %q, want %q", stdout, want)
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatal("the run did not end after its one message")
	}
}

// TestReceiveCountPrintsTheMessagesLast: once --count messages have come,
// a nudge or a presence change before the run has ended is not printed,
// so `msn receive --count 1` prints the one message last.
func TestReceiveCountPrintsTheMessagesLast(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := newLines(), newLines()
	s := &settings{Stdout: stdout, Stderr: stderr, Timeout: 10 * time.Second, Quiet: true}
	r := newReceiver(ctx, cancel, s, receiveJob{count: 1, presence: true}, nil)
	conv := &conversation{id: "1", from: "alice@example.com", ready: make(chan struct{})}
	text := textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}}
	nudge := textproto.MIMEHeader{"Content-Type": {"text/x-msnmsgr-datacast"}}
	r.presence(ns.Presence{Email: "carol@example.com", Status: "NLN"})
	r.message(conv, sb.Message{From: "alice@example.com", Header: nudge, Body: []byte("ID: 1\r\n\r\n")})
	r.message(conv, sb.Message{From: "alice@example.com", Header: text, Body: []byte("hello")})
	r.message(conv, sb.Message{From: "alice@example.com", Header: nudge, Body: []byte("ID: 1\r\n\r\n")})
	r.presence(ns.Presence{Email: "carol@example.com", Status: "AWY"})
	want := "presence\tcarol@example.com\tonline\t\n" + "nudge\talice@example.com\n" + "message\talice@example.com\thello\n"
	if stdout.String() != want {
		t.Fatalf("stdout %q, want %q", stdout, want)
	}
}
