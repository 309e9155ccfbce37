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
	r := newReceiverUnderTest(t, receiveJob{count: 1, dir: &savefile.Dir{Path: t.TempDir()}}, true)
	files := r.fileHandler(r.conv)
	offer := transfer.Offer{From: "alice@example.com", Name: "a.txt", Size: 10, SessionID: 7}
	if _, err := files.Offer(offer); err != nil {
		t.Fatal(err)
	}
	r.message(r.conv, sb.Message{From: "alice@example.com", Header: textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}}, Body: []byte("hello")})
	files.Ended(offer, transfer.ErrCancelled)
	if want := "message\talice@example.com\thello\n"; r.stdout.String() != want {
		t.Fatalf("stdout %q, want %q", r.stdout, want)
	}
	if !errors.Is(r.ctx.Err(), context.Canceled) {
		t.Fatal("the run did not end after its one message")
	}
}

// TestReceiveCountPrintsTheMessagesLast: once --count messages have come,
// a nudge or a presence change before the run has ended is not printed,
// so `msn receive --count 1` prints the one message last.
func TestReceiveCountPrintsTheMessagesLast(t *testing.T) {
	r := newReceiverUnderTest(t, receiveJob{count: 1, presence: true}, true)
	text := textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}}
	nudge := textproto.MIMEHeader{"Content-Type": {"text/x-msnmsgr-datacast"}}
	r.presence(ns.Presence{Email: "carol@example.com", Status: "NLN"})
	r.message(r.conv, sb.Message{From: "alice@example.com", Header: nudge, Body: []byte("ID: 1\r\n\r\n")})
	r.message(r.conv, sb.Message{From: "alice@example.com", Header: text, Body: []byte("hello")})
	r.message(r.conv, sb.Message{From: "alice@example.com", Header: nudge, Body: []byte("ID: 1\r\n\r\n")})
	r.presence(ns.Presence{Email: "carol@example.com", Status: "AWY"})
	want := "presence\tcarol@example.com\tonline\t\n" + "nudge\talice@example.com\n" + "message\talice@example.com\thello\n"
	if r.stdout.String() != want {
		t.Fatalf("stdout %q, want %q", r.stdout, want)
	}
}

// receiverUnderTest is a receiver run in the test, with no server: what
// it prints goes to stdout and stderr, and conv is a conversation alice
// opened. ctx is the run, cancelled when the receiver ends it.
type receiverUnderTest struct {
	*receiver
	ctx            context.Context
	conv           *conversation
	stdout, stderr *lines
}

func newReceiverUnderTest(t *testing.T, job receiveJob, quiet bool) *receiverUnderTest {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	rt := &receiverUnderTest{ctx: ctx, stdout: newLines(), stderr: newLines(),
		conv: &conversation{id: "1", from: "alice@example.com", ready: make(chan struct{})}}
	s := &settings{Stdout: rt.stdout, Stderr: rt.stderr, Timeout: 10 * time.Second, Quiet: quiet}
	rt.receiver = newReceiver(ctx, cancel, s, job, nil)
	return rt
}
