package commands

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/transfer"
)

// TestReceiveBoundsTheFilesArrivingAtOnce: a contact offering files
// without end gets maxFilesAtOnce of them accepted at once; the next is
// declined, said on stderr, until one of those ends.
func TestReceiveBoundsTheFilesArrivingAtOnce(t *testing.T) {
	r := newReceiverUnderTest(t, receiveJob{dir: &savefile.Dir{Path: t.TempDir()}}, false)
	files := r.fileHandler(r.conv)
	offer := func(i int) (transfer.Offer, error) {
		o := transfer.Offer{From: "alice@example.com", Name: fmt.Sprintf("f%d.bin", i), Size: 10, SessionID: uint32(i + 1)}
		_, err := files.Offer(o)
		return o, err
	}
	var accepted []transfer.Offer
	defer func() { // end them, as a cancelled transfer does: the partial files go
		for _, o := range accepted {
			files.Ended(o, transfer.ErrCancelled)
		}
	}()
	for i := range maxFilesAtOnce {
		o, err := offer(i)
		if err != nil {
			t.Fatalf("offer %d: %v", i, err)
		}
		accepted = append(accepted, o)
	}
	if _, err := offer(maxFilesAtOnce); !errors.Is(err, errTooManyFiles) {
		t.Fatalf("offer past the bound: %v, want errTooManyFiles", err)
	}
	if !strings.Contains(r.stderr.String(), "files are arriving already") {
		t.Fatalf("stderr %q does not say why", r.stderr)
	}
	files.Ended(accepted[0], transfer.ErrCancelled)
	accepted = accepted[1:]
	o, err := offer(maxFilesAtOnce + 1)
	if err != nil {
		t.Fatalf("an offer once a file ended: %v", err)
	}
	accepted = append(accepted, o)
}
