package echo

import (
	"io"

	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/transfer"
)

// fileHandler accepts every file from one contact into Config.Files. Its
// functions run one at a time, in order, so the maps need no lock.
func (c *Contact) fileHandler(from string) transfer.Handler {
	dir := savefile.Dir{Path: c.cfg.Files}
	arriving := map[uint32]*savefile.File{} // by session
	saved := map[uint32]savefile.Saved{}
	return transfer.Handler{
		Offer: func(o transfer.Offer) (io.Writer, error) {
			f, err := dir.Create(o.Name, o.Size)
			if err != nil {
				c.report(Event{Kind: FileFailed, From: from, Name: o.Name, Err: err})
				return nil, err
			}
			arriving[o.SessionID] = f
			return f, nil
		},
		Complete: func(o transfer.Offer) error {
			s, err := arriving[o.SessionID].Commit()
			if err == nil {
				saved[o.SessionID] = s
			}
			return err
		},
		Ended: func(o transfer.Offer, err error) {
			f := arriving[o.SessionID]
			s, ok := saved[o.SessionID]
			delete(arriving, o.SessionID)
			delete(saved, o.SessionID)
			if ok { // in the folder under its name, whether or not the sender heard
				c.report(Event{Kind: File, From: from, Name: o.Name, Saved: s})
				return
			}
			if f != nil {
				f.Abort()
			}
			c.report(Event{Kind: FileFailed, From: from, Name: o.Name, Err: err})
		},
	}
}
