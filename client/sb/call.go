package sb

import (
	"context"
	"errors"
	"fmt"

	"github.com/msn-cli/msn/client/conn"
	"github.com/msn-cli/msn/client/msnp"
)

// Call connects to a switchboard from XFR SB, authenticates and invites
// the first contact, sending USR and CAL in one write. It blocks until the
// server has answered both (not until the contact joins: see WaitJoin).
//
// When USR succeeds but CAL fails (a contact who is offline or unknown
// gives an error matching msnp.ErrNotOnline), the session is returned
// open together with the error, so that other contacts can still be
// invited: the XFR cookie is single-use. The caller closes it.
func Call(ctx context.Context, cfg Config, invitee string) (*Switchboard, error) {
	s, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.inviting(invitee)
	calls, err := s.conn.Start(ctx,
		msnp.Command{Name: "USR", Params: []string{cfg.Self, cfg.Cookie}},
		msnp.Command{Name: "CAL", Params: []string{invitee}},
	)
	if err == nil {
		_, err = calls[0].Wait(ctx)
	}
	if err != nil {
		s.Close(ctx)
		return nil, fmt.Errorf("sb: USR: %w", err)
	}
	return s, ringing(ctx, calls[1], invitee)
}

// Invite asks one more contact into the session (CAL) and blocks until the
// server answers RINGING or an error.
func (s *Switchboard) Invite(ctx context.Context, invitee string) error {
	s.inviting(invitee)
	calls, err := s.conn.Start(ctx, msnp.Command{Name: "CAL", Params: []string{invitee}})
	if err != nil {
		return err
	}
	return ringing(ctx, calls[0], invitee)
}

func ringing(ctx context.Context, call *conn.Call, invitee string) error {
	reply, err := call.Wait(ctx)
	var perr *msnp.Error
	if errors.As(err, &perr) {
		return fmt.Errorf("sb: calling %s: %w", invitee, err)
	}
	if err != nil {
		return err
	}
	if reply.Param(0) != "RINGING" {
		return fmt.Errorf("%w: CAL %s", msnp.ErrUnexpectedReply, reply.Param(0))
	}
	return nil
}

// Answer joins the session an RNG invited to (`ANS trid self cookie
// session-id`) and blocks until the server has sent the roster and `ANS
// OK`.
func Answer(ctx context.Context, cfg Config, sessionID string) (*Switchboard, error) {
	s, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reply, err := s.conn.Send(ctx, msnp.Command{Name: "ANS", Params: []string{cfg.Self, cfg.Cookie, sessionID}})
	if err == nil && reply.Param(0) != "OK" {
		err = fmt.Errorf("%w: ANS %s", msnp.ErrUnexpectedReply, reply.Param(0))
	}
	if err != nil {
		s.Close(ctx)
		return nil, fmt.Errorf("sb: ANS: %w", err)
	}
	return s, nil
}
