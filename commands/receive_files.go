package commands

import (
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/transfer"
)

// errNotAcceptingFiles declines files when msn receive runs without
// --files.
var errNotAcceptingFiles = errors.New("not accepting files (msn receive runs without --files)")

// incomingFile is a file being received into --files.
type incomingFile struct {
	file    *savefile.File
	started time.Time
	saved   savefile.Saved // once committed
}

// fileHandler receives the files one contact sends, into the --files
// folder. Its functions run one at a time, in order.
func (r *receiver) fileHandler(from string) transfer.Handler {
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
			f, err := r.job.dir.Create(o.Name, o.Size)
			if err != nil {
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
			if err == nil { // saved, and the sender told
				r.out.file(from, o.Name, in.saved, time.Since(in.started))
				r.fileReceived()
				return
			}
			if in != nil {
				in.file.Abort()
			}
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
	case errors.Is(err, transfer.ErrCancelled):
		return "the sender cancelled it"
	}
	_, msg := Describe(err)
	return msg
}

// eventWriter prints msn receive's events, one line each, from any
// goroutine, and remembers the first write error.
type eventWriter struct {
	s    *settings
	json bool

	mu       sync.Mutex
	firstErr error
}

func newEventWriter(s *settings, asJSON bool) *eventWriter {
	return &eventWriter{s: s, json: asJSON}
}

// fileEvent is msn receive --json's line for a file.
type fileEvent struct {
	Type    string  `json:"type"`
	From    string  `json:"from"`
	Name    string  `json:"name"` // as the sender named it
	Path    string  `json:"path"`
	Size    uint64  `json:"size"`
	SHA256  string  `json:"sha256"`
	Seconds float64 `json:"seconds"`
}

// messageEvent is msn receive --json's line for a text message.
type messageEvent struct {
	Type string    `json:"type"`
	From string    `json:"from"`
	Name string    `json:"name"` // the sender's display name
	Text string    `json:"text"`
	Time time.Time `json:"time"`
}

func (w *eventWriter) file(from, offered string, saved savefile.Saved, took time.Duration) {
	sum := hex.EncodeToString(saved.SHA256[:])
	if w.json {
		w.writeJSON(fileEvent{Type: "file", From: from, Name: offered, Path: saved.Path, Size: saved.Size, SHA256: sum, Seconds: took.Seconds()})
		return
	}
	w.writeLine("file", from, escapeField(saved.Path), strconv.FormatUint(saved.Size, 10), sum)
}

func (w *eventWriter) message(from, name, text string) {
	if w.json {
		w.writeJSON(messageEvent{Type: "message", From: from, Name: name, Text: text, Time: time.Now().UTC()})
		return
	}
	w.writeLine("message", from, escapeField(text))
}

func (w *eventWriter) writeJSON(v any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.firstErr == nil {
		w.firstErr = writeJSONLine(w.s.Stdout, v)
	}
}

func (w *eventWriter) writeLine(fields ...string) {
	line := strings.Join(fields, "\t") + "\n"
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.firstErr == nil {
		_, w.firstErr = io.WriteString(w.s.Stdout, line)
	}
}

func (w *eventWriter) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.firstErr
}
