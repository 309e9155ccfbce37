package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/transfer"
)

// Why msn receive declines a file.
var (
	errNotAcceptingFiles = errors.New("not accepting files (msn receive runs without --files)")
	errCountReached      = errors.New("--count messages are being handled already")
	errTooManyFiles      = fmt.Errorf("%d files are arriving already", maxFilesAtOnce)
)

// maxFilesAtOnce bounds the files being received at once, each an open
// file and a transfer session: past it an offer is declined, so that a
// flood of offers cannot exhaust them.
const maxFilesAtOnce = 16

// incomingFile is a file being received into --files.
type incomingFile struct {
	file    *savefile.File
	started time.Time
	saved   savefile.Saved // once committed
}

// fileHandler receives the files the contact of conv sends, into the
// --files folder; each counts as a message once saved. Its functions run
// one at a time, in order.
func (r *receiver) fileHandler(conv *conversation) transfer.Handler {
	from := conv.from
	var mu sync.Mutex
	files := map[uint32]*incomingFile{}
	take := func(o transfer.Offer) *incomingFile {
		mu.Lock()
		defer mu.Unlock()
		f := files[o.SessionID]
		delete(files, o.SessionID)
		return f
	}
	return transfer.Handler{
		Offer: func(o transfer.Offer) (io.Writer, error) {
			if r.job.dir == nil {
				r.s.notef("declined %q from %s: %v", o.Name, from, errNotAcceptingFiles)
				return nil, errNotAcceptingFiles
			}
			select {
			case r.files <- struct{}{}: // given back when the file ends (Ended), or below
			default:
				r.s.notef("declined %q from %s: %v", o.Name, from, errTooManyFiles)
				return nil, errTooManyFiles
			}
			if !r.count.admit() {
				<-r.files
				return nil, errCountReached
			}
			f, err := r.job.dir.Create(o.Name, o.Size)
			if err != nil {
				<-r.files
				r.count.release()
				r.s.notef("declined %q (%d bytes) from %s: %v", o.Name, o.Size, from, err)
				return nil, err
			}
			mu.Lock()
			files[o.SessionID] = &incomingFile{file: f, started: time.Now()}
			mu.Unlock()
			return f, nil
		},
		Complete: func(o transfer.Offer) error {
			mu.Lock()
			in := files[o.SessionID]
			mu.Unlock()
			saved, err := in.file.Commit()
			if err != nil {
				r.s.notef("could not save %q from %s: %v", o.Name, from, err)
				return err
			}
			in.saved = saved
			return nil
		},
		Ended: func(o transfer.Offer, err error) {
			in := take(o)
			if in == nil {
				return // declined
			}
			<-r.files
			if err == nil { // saved, and the sender told
				ev := newFileEvent(conv.id, from, o.Name, in.saved, time.Since(in.started))
				if r.out.print(ev) == nil {
					r.handled(ev, func(ctx context.Context, text string) error { return r.replyIn(ctx, conv, text) })
				}
				return
			}
			in.file.Abort()
			r.count.release()
			if r.ctx.Err() == nil {
				r.s.notef("receiving %q from %s stopped part-way: %v", o.Name, from, describeStop(err))
			}
		},
	}
}

// describeStop says why a file stopped arriving, in words.
func describeStop(err error) string {
	switch {
	case errors.Is(err, transfer.ErrPeerLeft):
		return "the sender left the conversation"
	case errors.Is(err, transfer.ErrStalled):
		return fmt.Sprintf("nothing of it arrived for %s: abandoned", transfer.DefaultIncomingIdle)
	case errors.Is(err, transfer.ErrCancelled):
		return "the sender cancelled it"
	}
	_, msg := Describe(err)
	return msg
}
