package im

import (
	"context"
	"errors"
	"strings"
)

// ErrSelf: the contact is the user, and no other sign-in of the account
// is online to receive the message. Only MSNP16+ lets an account sign in
// more than once (a second login signs the first out below), so there a
// message to oneself goes to the account's other sign-ins; nothing is
// stored offline for oneself.
var ErrSelf = errors.New("im: no other sign-in of the account is online")

// isSelf reports whether who is the user's own address.
func (c *Conversation) isSelf(who string) bool {
	return strings.EqualFold(who, c.sess.Account)
}

// selfAlone says, for the user's own address, why a message to it cannot
// go out: ErrSelf when the account has no other sign-in online, or the
// error that kept the server from listing them; nil when it can (and for
// any other address). It blocks until the server has listed the account's
// endpoints (ns.Session.OtherEndpoints), which at MSNP16+ follows the
// first status change by up to a fraction of a second.
func (c *Conversation) selfAlone(ctx context.Context, who string) error {
	if !c.isSelf(who) {
		return nil
	}
	others, err := c.sess.OtherEndpoints(ctx)
	if err != nil {
		return err
	}
	if len(others) == 0 {
		return ErrSelf
	}
	return nil
}
