package transfer

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/msn-cli/msn/client/p2p"
)

// recordingLink is a Link that takes what is sent and brings nothing.
type recordingLink struct{ sent []p2p.Packet }

func (l *recordingLink) MaxChunk() uint32 { return 1202 }
func (l *recordingLink) SendControl(_ context.Context, pkts ...p2p.Packet) error {
	l.sent = append(l.sent, pkts...)
	return nil
}
func (l *recordingLink) SendData(context.Context, ...p2p.Packet) error { return nil }
func (l *recordingLink) Flush(context.Context) error                   { return nil }
func (l *recordingLink) Delivered() uint64                             { return 0 }
func (l *recordingLink) Packets() <-chan p2p.Packet                    { return nil }
func (l *recordingLink) Done() <-chan struct{}                         { return nil }
func (l *recordingLink) Err() error                                    { return nil }

// TestOfferOfASessionUnderWay: a second INVITE for a session id already
// being received (a broken or hostile peer) is not offered to the
// Handler: each file it accepted ends exactly once, so the writer it
// gave (a temporary file) is never left behind.
func TestOfferOfASessionUnderWay(t *testing.T) {
	var offered, ended int
	e := &Endpoint{link: &recordingLink{}, self: "bob@example.com", peer: "alice@example.com", trace: func(string, ...any) {},
		incoming: map[uint32]*incoming{}, received: map[uint32]p2p.Header{}, replies: map[string]chan *p2p.SLPMessage{}, byes: map[string]chan struct{}{},
		handler: Handler{
			Offer: func(Offer) (io.Writer, error) { offered++; return io.Discard, nil },
			Ended: func(Offer, error) { ended++ },
		}}
	fc, err := p2p.EncodeFileContext(p2p.FileContext{Size: 10, Type: p2p.FileTypeNoPreview, Name: "a.txt"})
	if err != nil {
		t.Fatal(err)
	}
	for _, callID := range []string{p2p.NewGUID().String(), p2p.NewGUID().String()} {
		body := p2p.SessionRequest{EUFGUID: p2p.EUFGUIDFile, SessionID: 7, AppID: p2p.AppIDFile, Context: fc}.Body()
		e.offered(p2p.NewRequest(p2p.MethodInvite, "bob@example.com", "alice@example.com", p2p.NewGUID().String(), callID, p2p.ContentSessionRequest, body))
	}
	e.endIncoming(errors.New("the link ended"))
	if offered != 1 || ended != 1 {
		t.Fatalf("offered %d times, ended %d times; want 1 and 1", offered, ended)
	}
}

// TestReceivedFilesAreRememberedBounded: the ends of files received whole
// are kept for a resend (isResentEnd), the last rememberedFiles of them.
func TestReceivedFilesAreRememberedBounded(t *testing.T) {
	e := &Endpoint{received: map[uint32]p2p.Header{}}
	for id := uint32(1); id <= rememberedFiles+1; id++ {
		e.rememberReceived(id, p2p.Header{SessionID: id})
	}
	if _, ok := e.received[1]; ok || len(e.received) != rememberedFiles {
		t.Fatalf("%d remembered, the first among them: %v", len(e.received), ok)
	}
	if _, ok := e.received[rememberedFiles+1]; !ok {
		t.Fatal("the last file is forgotten")
	}
}
