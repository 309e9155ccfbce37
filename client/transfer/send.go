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
	// many bytes of the file the link has delivered so far.
	Progress func(sent uint64)
}

// SendFile offers the peer a file of size bytes, read from r, called
// name, and streams it once accepted. It blocks until the receiver has
// acknowledged the whole file (nil), declined it (ErrDeclined), cancelled
// it or left (ErrCancelled), did not answer in time (ErrNoAnswer), or the
// link or ctx failed. It reads r sequentially, a few chunks at a time,
// never the whole file; a reader that ends early (the file shrank) is an
// error. When the transfer fails on this side after the receiver accepted,
// the receiver is told (BYE).
func (e *Endpoint) SendFile(ctx context.Context, r io.Reader, name string, size uint64, opts SendOptions) error {
	fc, err := p2p.EncodeFileContext(p2p.FileContext{Size: size, Type: p2p.FileTypeNoPreview, Name: name})
	if err != nil {
		return err
	}
	sessionID, callID := nonZeroRandom(), p2p.NewGUID().String()
	body := p2p.SessionRequest{EUFGUID: p2p.EUFGUIDFile, SessionID: sessionID, AppID: p2p.AppIDFile, Context: fc}.Body()
	invite := p2p.NewRequest(p2p.MethodInvite, e.peer, e.self, p2p.NewGUID().String(), callID, p2p.ContentSessionRequest, body)
	replies := make(chan *p2p.SLPMessage, 1)
	e.mu.Lock()
	e.replies[callID] = replies
	e.mu.Unlock()
	bye := e.watchBye(callID)
	defer e.forgetSession(callID)
	if err := e.sendSLP(ctx, invite); err != nil {
		return err
	}
	if err := e.awaitAnswer(ctx, replies, bye, opts.AcceptTimeout, callID); err != nil {
		return err
	}
	if opts.Accepted != nil {
		opts.Accepted()
	}
	data := p2p.FileDataHeader(sessionID, e.nextID(), size, nonZeroRandom())
	acked := e.expectAck(data)
	defer e.forgetAck(acked)
	if err := e.stream(ctx, r, data, bye, opts.Progress); err != nil {
		if !errors.Is(err, ErrCancelled) {
			e.sendBye(callID)
		}
		return err
	}
	return e.awaitAck(ctx, acked, bye, opts.AckTimeout)
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
		if ctx.Err() != nil {
			e.sendBye(callID)
			return ctx.Err()
		}
		e.sendBye(callID)
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

// stream sends the file's bytes as the chunks of one data message whose
// shared header is data, batchChunks at a time, and waits until the link
// has delivered them all.
func (e *Endpoint) stream(ctx context.Context, r io.Reader, data p2p.Header, bye <-chan struct{}, progress func(uint64)) error {
	chunk := e.link.MaxChunk()
	plan := p2p.Plan{Total: data.TotalSize, Size: chunk}
	buf := make([]byte, batchChunks*int(chunk))
	batch := make([]p2p.Packet, 0, batchChunks)
	base := e.link.Delivered()
	report := func() {
		if progress != nil {
			progress(e.link.Delivered() - base)
		}
	}
	flush := func() error {
		select {
		case <-bye:
			return ErrCancelled
		default:
		}
		if err := e.link.SendData(ctx, batch...); err != nil {
			return err
		}
		batch = batch[:0]
		report()
		return nil
	}
	for off, n := range plan.From(0) {
		at := len(batch) * int(chunk)
		payload := buf[at : at+int(n)]
		if _, err := io.ReadFull(r, payload); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				err = fmt.Errorf("transfer: the file ended after %d of %d bytes (did it change?)", off, data.TotalSize)
			}
			return err
		}
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
	if err := e.link.Flush(ctx); err != nil {
		return err
	}
	report()
	return nil
}

// awaitAck waits for the receiver's ACK of the whole data message.
func (e *Endpoint) awaitAck(ctx context.Context, acked, bye <-chan struct{}, timeout time.Duration) error {
	wait, cancel := withOptionalTimeout(ctx, timeout)
	defer cancel()
	select {
	case <-acked:
		return nil
	case <-bye:
		return ErrCancelled
	case <-e.done:
		// The ACK may have come just before the end.
		select {
		case <-acked:
			return nil
		default:
		}
		return e.link.Err()
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
