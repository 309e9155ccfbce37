package peer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/msn-cli/msn/client/transfer"
)

// FileMode is what the peer does with a file offered to it. In every mode
// it answers as libpurple does in the captured transfer: it acknowledges
// the INVITE, answers it, and acknowledges the whole data message, with no
// BYE after a completed transfer.
type FileMode int

const (
	// AcceptFiles receives every file and keeps it (see Files).
	AcceptFiles FileMode = iota
	// DeclineFiles answers every offer with 603 Decline.
	DeclineFiles
	// CancelFiles accepts, then cancels (an SLP BYE) once Config.After
	// bytes have arrived.
	CancelFiles
	// LeaveMidFile accepts, then leaves the switchboard once Config.After
	// bytes have arrived.
	LeaveMidFile
	// IgnoreFiles never answers an offer.
	IgnoreFiles
)

// keepBytes is how much of a received file the peer keeps in memory; the
// SHA-256 covers all of it.
const keepBytes = 16 << 20

// File is a file the peer was offered, and what became of it.
type File struct {
	From, Name string
	Size       uint64 // announced
	Received   uint64
	SHA256     [32]byte
	Data       []byte // the first keepBytes bytes
	Err        error  // nil when it arrived whole
}

// errCancelling is how the peer cancels a file part-way.
var errCancelling = errors.New("peer: cancelling the file as asked")

// fileHandler receives files for one conversation; self returns that
// conversation's transfer.Peer once it exists.
func (p *Peer) fileHandler(self func() *transfer.Peer) transfer.Handler {
	files := map[uint32]*receiving{} // by session; used by the Handler only, one call at a time
	return transfer.Handler{
		Offer: func(o transfer.Offer) (io.Writer, error) {
			switch p.cfg.Files {
			case DeclineFiles:
				return nil, errors.New("peer: declining files as asked")
			case IgnoreFiles:
				<-p.ctx.Done() // never answer: the sender's accept timeout must end it
				return nil, p.ctx.Err()
			}
			r := &receiving{peer: p, self: self, file: File{From: o.From, Name: o.Name, Size: o.Size}, hash: sha256.New()}
			files[o.SessionID] = r
			return r, nil
		},
		Ended: func(o transfer.Offer, err error) {
			p.keep(files[o.SessionID].done(err))
			delete(files, o.SessionID)
		},
	}
}

// receiving is one file arriving, written by the Handler's calls, one at a time.
type receiving struct {
	peer *Peer
	self func() *transfer.Peer
	file File
	hash hash.Hash
}

func (r *receiving) Write(b []byte) (int, error) {
	r.hash.Write(b)
	if room := keepBytes - len(r.file.Data); room > 0 {
		r.file.Data = append(r.file.Data, b[:min(room, len(b))]...)
	}
	r.file.Received += uint64(len(b))
	after := r.peer.cfg.After
	switch {
	case r.peer.cfg.Files == CancelFiles && r.file.Received >= after:
		return 0, errCancelling
	case r.peer.cfg.Files == LeaveMidFile && r.file.Received >= after:
		r.self().Leave(r.peer.ctx)
	}
	return len(b), nil
}

func (r *receiving) done(err error) File {
	f := r.file
	copy(f.SHA256[:], r.hash.Sum(nil))
	if err == nil && f.Received != f.Size {
		err = fmt.Errorf("peer: %d of %d bytes", f.Received, f.Size)
	}
	f.Err = err
	return f
}

func (p *Peer) keep(f File) {
	p.mu.Lock()
	p.files = append(p.files, f)
	close(p.arrived)
	p.arrived = make(chan struct{})
	p.mu.Unlock()
}

// Files returns the files offered so far that ended (received whole, or
// not: see File.Err), in order.
func (p *Peer) Files() []File {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]File(nil), p.files...)
}

// WaitFiles blocks until n files have ended or ctx is done, and returns
// them.
func (p *Peer) WaitFiles(ctx context.Context, n int) []File {
	for {
		p.mu.Lock()
		files, arrived := append([]File(nil), p.files...), p.arrived
		p.mu.Unlock()
		if len(files) >= n {
			return files
		}
		select {
		case <-arrived:
		case <-ctx.Done():
			return files
		}
	}
}
