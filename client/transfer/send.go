package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/msn-cli/msn/client/p2p"
)

// batchChunks is how many chunks SendFile reads from the file and hands to
// the link at once.
const batchChunks = 16

// resumeMargin is how far before the bytes the peer's TCP acknowledged a
// transfer resumes over the switchboard when a direct connection broke:
// what the peer's kernel held unread may be lost with the connection.
// Bytes sent twice are harmless (the receiver skips what it has); for a
// gap, this client's receiver asks for the rest again (a NAK).
const resumeMargin = 1 << 20

// Transports a file can take, in SendResult.Transport.
const (
	ViaSwitchboard = "switchboard"
	ViaDirect      = "direct"
	// ViaBoth: a direct connection broke part-way and the rest went over
	// the switchboard.
	ViaBoth = "direct+switchboard"
)

// SendOptions tune SendFile.
type SendOptions struct {
	// AcceptTimeout bounds the wait for the receiver to accept (a human
	// may have to click); 0 waits as long as ctx allows.
	AcceptTimeout time.Duration
	// AckTimeout bounds the wait for the receiver's acknowledgement once
	// every byte is out; 0 waits as long as ctx allows.
	AckTimeout time.Duration
	// Accepted, when not nil, is called once the receiver has accepted.
	Accepted func()
	// Progress, when not nil, is called on SendFile's goroutine with how
	// many bytes of the file have been delivered so far (it never goes
	// back, even when a transfer resumes from an earlier offset).
	Progress func(sent uint64)
	// Hash, when not nil, is written every byte of the file exactly
	// once, in order (bytes sent twice after a fallback are not).
	Hash io.Writer
}

// SendResult says how a file went.
type SendResult struct {
	Transport string // ViaSwitchboard, ViaDirect or ViaBoth
}

// SendFile offers the peer a file of size bytes, read from r, called
// name, and streams it once accepted: over a direct connection when one
// comes up (see DirectOptions), else over the switchboard, moving to the
// switchboard from a safe offset if the direct connection breaks. It
// blocks until the receiver has acknowledged the whole file (nil),
// declined it (ErrDeclined), cancelled it or left (ErrCancelled), did not
// answer in time (ErrNoAnswer), or the links or ctx failed. It reads r a
// few chunks at a time, never the whole file; a file that turns out
// shorter than size is an error. When the transfer fails on this side
// after the receiver accepted, the receiver is told (BYE).
func (e *Endpoint) SendFile(ctx context.Context, r io.ReaderAt, name string, size uint64, opts SendOptions) (SendResult, error) {
	fc, err := p2p.EncodeFileContext(p2p.FileContext{Size: size, Type: p2p.FileTypeNoPreview, Name: name})
	if err != nil {
		return SendResult{}, err
	}
	sessionID, callID := nonZeroRandom(), p2p.NewGUID().String()
	body := p2p.SessionRequest{EUFGUID: p2p.EUFGUIDFile, SessionID: sessionID, AppID: p2p.AppIDFile, Context: fc}.Body()
	invite := p2p.NewRequest(p2p.MethodInvite, e.peer, e.self, p2p.NewGUID().String(), callID, p2p.ContentSessionRequest, body)
	replies := e.expectReply(callID)
	bye := e.watchBye(callID)
	defer e.forgetSession(callID)
	if err := e.sendSLP(ctx, invite); err != nil {
		return SendResult{}, err
	}
	if err := e.awaitAnswer(ctx, replies, bye, opts.AcceptTimeout, callID); err != nil {
		return SendResult{}, err
	}
	if opts.Accepted != nil {
		opts.Accepted()
	}
	var dc *DCLink
	var drained <-chan struct{} // the direct connection ended and all it brought is handled
	if _, relayed := e.link.(*SBLink); relayed && e.direct.Mode != DirectOff {
		if dc, err = e.openDirect(ctx, callID); err != nil {
			e.trace("P2P -- %v", err)
			if e.direct.Mode == DirectOnly {
				e.sendBye(callID)
				return SendResult{}, err
			}
		} else {
			drained = e.attachDirect(dc) // the receiver's ACK may come by it
		}
	}
	src := newSource(r, size, opts.Hash, opts.Progress)
	defer src.close()
	data := p2p.FileDataHeader(sessionID, e.nextID(), size, nonZeroRandom())
	w := e.expectAck(data)
	defer e.forgetAck(w)
	res, err := e.deliver(ctx, dc, drained, src, w, bye, opts.AckTimeout)
	if dc != nil {
		dc.Close()
	}
	if err != nil && !errors.Is(err, ErrCancelled) && ctx.Err() == nil {
		e.sendBye(callID)
	}
	return res, err
}

// errResend interrupts a stream: the receiver asked (NAK) for the data
// again from offset from.
type errResend struct{ from uint64 }

func (e errResend) Error() string { return fmt.Sprintf("transfer: resend from byte %d", e.from) }

// deliver streams the file's bytes until the receiver acknowledges the
// whole: over dc when there is one, else over the switchboard, and over
// the switchboard from a safe offset if dc breaks (unless DirectOnly). A
// receiver that lacks bytes (it says so with a NAK) gets them again from
// where it says, at any time until its ACK.
func (e *Endpoint) deliver(ctx context.Context, dc *DCLink, drained <-chan struct{}, src *source, w *awaiting, bye <-chan struct{}, ackTimeout time.Duration) (SendResult, error) {
	link, res := Link(e.link), SendResult{Transport: ViaSwitchboard}
	over := (<-chan struct{})(e.done) // closed once nothing more can come by link
	if dc != nil {
		link, res.Transport, over = dc, ViaDirect, drained
		e.trace("P2P -- sending over the direct connection %s to %s", dc.LocalAddr(), dc.RemoteAddr())
	}
	from := uint64(0)
	for {
		err := e.stream(ctx, link, src, w, from, bye)
		if err == nil {
			err = e.awaitAck(ctx, link, over, w, bye, ackTimeout)
		}
		var resend errResend
		switch {
		case err == nil:
			return res, nil
		case errors.As(err, &resend):
			from = resend.from
		case link == Link(dc) && !errors.Is(err, ErrCancelled) && ctx.Err() == nil:
			e.trace("P2P -- the direct connection broke: %v", err)
			if e.direct.Mode == DirectOnly {
				return res, fmt.Errorf("%w: it broke part-way: %w", ErrNoDirect, err)
			}
			from = 0
			if acked := dc.Acked(); acked > resumeMargin {
				from = acked - resumeMargin
			}
			dc.Close()
			link, res.Transport, over = e.link, ViaBoth, e.done
		default:
			return res, err
		}
	}
}

// source reads the file for stream at any offset, feeds the hash each
// byte once (on a goroutine of its own, so hashing overlaps sending), and
// reports progress that never goes back.
type source struct {
	r        io.ReaderAt
	size     uint64
	hash     io.Writer
	hashed   uint64        // bytes handed to the hashing goroutine
	jobs     chan hashJob  // to the hashing goroutine; nil without a hash
	hashDone chan struct{} // closed when the hashing goroutine has returned
	progress func(uint64)
	reported uint64
}

// hashJob is bytes to hash, and a channel to close once they are.
type hashJob struct {
	b    []byte
	done chan struct{}
}

func newSource(r io.ReaderAt, size uint64, hash io.Writer, progress func(uint64)) *source {
	s := &source{r: r, size: size, hash: hash, progress: progress}
	if hash != nil {
		s.jobs, s.hashDone = make(chan hashJob, 2), make(chan struct{})
		go func() {
			defer close(s.hashDone)
			for j := range s.jobs {
				s.hash.Write(j.b)
				close(j.done)
			}
		}()
	}
	return s
}

// close waits for the hashing to finish; the hash is complete after it.
func (s *source) close() {
	if s.jobs != nil {
		close(s.jobs)
		<-s.hashDone
	}
}

// read fills b with the file's bytes at off.
func (s *source) read(b []byte, off uint64) error {
	n, err := s.r.ReadAt(b, int64(off))
	if n < len(b) {
		if err == nil || errors.Is(err, io.EOF) {
			err = fmt.Errorf("transfer: the file ended after %d of %d bytes (did it change?)", off+uint64(n), s.size)
		}
		return err
	}
	return nil
}

// closedChan is a channel that is always closed.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// hashAsync hands the bytes of b (the file's from offset off) that were
// not hashed yet to the hashing goroutine; the returned channel is closed
// once b may be reused.
func (s *source) hashAsync(b []byte, off uint64) <-chan struct{} {
	end := off + uint64(len(b))
	if s.jobs == nil || end <= s.hashed || off > s.hashed {
		return closedChan
	}
	done := make(chan struct{})
	s.jobs <- hashJob{b: b[s.hashed-off:], done: done}
	s.hashed = end
	return done
}

func (s *source) report(done uint64) {
	if s.progress != nil && done > s.reported {
		s.reported = done
		s.progress(done)
	}
}

// stream sends the file's bytes from offset from to the end over link, as
// chunks of the data message w waits for, batchChunks at a time (read
// from the file at once), and
// waits until the link has delivered them all. A NAK meanwhile ends it
// with errResend.
func (e *Endpoint) stream(ctx context.Context, link Link, src *source, w *awaiting, from uint64, bye <-chan struct{}) error {
	data := w.sent
	chunk := link.MaxChunk()
	plan := p2p.Plan{Total: data.TotalSize, Size: chunk}
	// Two batch buffers in turn: one is hashed while the other is read.
	bufs := [2][]byte{make([]byte, batchChunks*int(chunk)), make([]byte, batchChunks*int(chunk))}
	hashed := [2]<-chan struct{}{closedChan, closedChan}
	defer func() { <-hashed[0]; <-hashed[1] }()
	turn, used, first := 0, 0, from
	batch := make([]p2p.Packet, 0, batchChunks)
	base := link.Delivered()
	report := func() { src.report(from + link.Delivered() - base) }
	flush := func() error {
		select {
		case <-bye:
			return ErrCancelled
		case from := <-w.resend:
			return errResend{from}
		default:
		}
		if err := link.SendData(ctx, batch...); err != nil {
			return err
		}
		hashed[turn] = src.hashAsync(bufs[turn][:used], first)
		turn, used, batch = 1-turn, 0, batch[:0]
		<-hashed[turn]
		report()
		return nil
	}
	for off, n := range plan.From(from) {
		if len(batch) == 0 {
			// One read for the whole batch: its chunks follow each other.
			first = off
			if err := src.read(bufs[turn][:min(uint64(len(bufs[turn])), data.TotalSize-off)], off); err != nil {
				return err
			}
		}
		payload := bufs[turn][used : used+int(n)]
		used += int(n)
		batch = append(batch, p2p.Packet{Header: data.Chunk(off, n), Payload: payload, Footer: p2p.FooterFile})
		if len(batch) == batchChunks {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	if err := link.Flush(ctx); err != nil {
		return err
	}
	report()
	return nil
}

// awaitAnswer waits for the receiver's answer to the INVITE. A receiver
// that does not answer in time is told the offer is withdrawn (BYE).
func (e *Endpoint) awaitAnswer(ctx context.Context, replies <-chan *p2p.SLPMessage, bye <-chan struct{}, timeout time.Duration, callID string) error {
	wait, cancel := withOptionalTimeout(ctx, timeout)
	defer cancel()
	select {
	case m := <-replies:
		return answerError(m)
	case <-bye:
		return ErrCancelled
	case <-e.done:
		select {
		case m := <-replies: // the answer came just before the end
			return answerError(m)
		default:
		}
		return e.link.Err()
	case <-wait.Done():
		e.sendBye(callID)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w within %s", ErrNoAnswer, timeout)
	}
}

// answerError is what a response to the INVITE means: nil for 200 OK.
func answerError(m *p2p.SLPMessage) error {
	switch m.Status {
	case 200:
		return nil
	case 603:
		return ErrDeclined
	default:
		return &RefusedError{Status: m.Status, Reason: m.Reason}
	}
}

// awaitAck waits for the receiver's ACK of the whole data message, or a
// NAK asking for part of it again (errResend), or the end of link, which
// the data went by and the ACK would come by: over is closed once link
// has ended and all it brought has been handled.
func (e *Endpoint) awaitAck(ctx context.Context, link Link, over <-chan struct{}, w *awaiting, bye <-chan struct{}, timeout time.Duration) error {
	wait, cancel := withOptionalTimeout(ctx, timeout)
	defer cancel()
	select {
	case <-w.acked:
		return nil
	case from := <-w.resend:
		return errResend{from}
	case <-bye:
		return ErrCancelled
	case <-over:
		select {
		case <-w.acked: // it came just before the end
			return nil
		default:
		}
		if err := link.Err(); err != nil {
			return err
		}
		return ErrLinkClosed
	case <-wait.Done():
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("transfer: every byte was sent, but the receiver did not acknowledge the file within %s", timeout)
	}
}

func withOptionalTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
