package commands

import (
	"context"
	"time"
)

// logoutGrace is how long a run may take beyond --timeout to sign out
// (OUT; at MSNP12 the quarter second a session that appeared online
// stays; at MSNP18 putting back the account's status) and to delete the
// offline messages it printed. A run with --timeout T ends within T plus
// logoutGrace.
const logoutGrace = 2 * time.Second

// runDeadline bounds a one-shot run by --timeout: every wait of the run,
// the login and any retry included, shares this one deadline.
func (s *settings) runDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.Timeout)
}

// cleanupContext is for what a run does on its way out, even when it was
// interrupted or ran out of time: signing out, closing conversations. It
// is not cancelled with the run and ends after logoutGrace.
func cleanupContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), logoutGrace)
}

// budget is the time a run may spend waiting on the server: --timeout in
// all, shared by its exchanges, each of which uses up what it takes. Time
// spent between exchanges (msn offline waiting for the reader of its
// output) is not counted. It is used by one goroutine.
type budget struct {
	left time.Duration
}

// phase returns a context for one exchange, ending when the budget runs
// out; done (call it when the exchange is over) charges the time it took.
func (b *budget) phase(ctx context.Context) (context.Context, func()) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, b.left)
	return ctx, func() {
		b.left -= time.Since(start)
		cancel()
	}
}

// cleanup is cleanupContext for work that may use what is left of the
// budget when that is more than logoutGrace.
func (b *budget) cleanup() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), max(b.left, logoutGrace))
}
