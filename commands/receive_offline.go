package commands

import (
	"context"
	"strings"

	"github.com/msn-cli/msn/client/rsi"
)

// takeOffline is the offline messages' worker, on a goroutine of its own
// until the run ends: it takes the messages waiting at sign-in, then
// those the server announces (stored meanwhile, or waiting at a new
// sign-in), and for each batch prints them in the order they were
// written, then deletes from the server exactly those printed, as msn
// offline does: a message whose line was not read stays for the next
// run.
func (r *receiver) takeOffline() {
	defer r.worker.Done()
	keep := !r.out.confirms()
	if keep {
		r.s.notef("standard output is a pipe or socket whose reading cannot be confirmed here: offline messages are printed but stay on the server")
	}
	var unsent []string // printed, but the delete failed: tried again
	defer func() { r.deleteOffline(unsent, true) }()
	changed := r.box.Changed()
	ctx, cancel := context.WithTimeout(r.ctx, r.s.Timeout)
	entries, err := r.box.Waiting(ctx, r.session())
	cancel()
	for {
		if err != nil && r.ctx.Err() == nil {
			r.s.warnf("could not list the offline messages: %s", describe(err))
		}
		printed := r.printOffline(entries)
		if !keep {
			unsent = r.deleteOffline(append(unsent, printed...), false)
		}
		select {
		case <-changed:
		case <-r.ctx.Done():
			return
		}
		changed = r.box.Changed()
		ctx, cancel := context.WithTimeout(r.ctx, r.s.Timeout)
		entries, err = r.box.Arrived(ctx, r.session())
		cancel()
	}
}

// printOffline fetches the messages of entries not taken before, prints
// each (once its line has been read) up to --count, has --exec answer it,
// and returns the ids of those printed.
func (r *receiver) printOffline(entries []rsi.Entry) (printed []string) {
	if len(entries) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(r.ctx, r.s.Timeout)
	messages, unreadable := r.box.Fetch(ctx, r.session(), entries)
	cancel()
	if len(unreadable) > 0 && r.ctx.Err() == nil {
		r.s.warnf("%d offline message(s) could not be read and stay on the server (ids %s)", len(unreadable), strings.Join(unreadable, ", "))
	}
	for _, m := range messages {
		if !r.count.admit() {
			break // past --count: they stay on the server
		}
		ev := newOfflineEvent(m)
		if err := r.out.printConsumed(r.ctx, ev); err != nil {
			r.count.release()
			break
		}
		printed = append(printed, m.ID)
		from := ev.from
		r.handled(ev, func(ctx context.Context, text string) error { return r.replyTo(ctx, from, text) })
	}
	return printed
}

// deleteOffline deletes the messages printed, even when the run is
// ending (within --timeout, or logoutGrace for the last try), and returns
// the ids it could not delete, to try again after the next batch. The
// last try says what stays on the server.
func (r *receiver) deleteOffline(ids []string, last bool) (failed []string) {
	if len(ids) == 0 {
		return nil
	}
	timeout := r.s.Timeout
	if last {
		timeout = logoutGrace
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := r.box.Delete(ctx, r.session(), ids)
	if err != nil && last {
		r.s.warnf("printed %d offline message(s) but could not delete them from the server (%s); the next run prints them again", len(ids), describe(err))
	}
	if err != nil {
		return ids
	}
	return nil
}

// describe is an error in the words Describe gives it.
func describe(err error) string {
	_, msg := Describe(err)
	return msg
}
