// Command msn speaks the MSN Messenger protocol for scripts: each
// subcommand logs in, does one job, logs out and exits with a documented
// status. See README.md and man/msn.1.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/msn-cli/msn/commands"
)

func main() {
	os.Exit(run(os.Args))
}

// run executes the app and turns its error into an exit status and one
// line on stderr. The first SIGINT or SIGTERM cancels the run, which then
// logs out and exits 130 or 143; a second one kills the process.
func run(args []string) int {
	// A closed stdout is an error to handle (msn offline | head -1 must
	// delete only what was read), not a signal that kills the process.
	// Notify, not Ignore: an ignored signal stays ignored in the commands
	// msn starts (--exec, --password-command), where a shell loop writing
	// into `| head -1` would then never end.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := stopOnSignal(context.Background())
	defer stop()
	err := commands.App(os.Stdin, os.Stdout, os.Stderr).RunContext(ctx, args)
	if cause := context.Cause(ctx); cause != nil {
		err = cause // stopped by a signal, whatever the run then said
	}
	code, msg := commands.Describe(err)
	runEnded.Store(true) // from here the stop watchdog only bounds the line below
	if code != commands.ExitOK {
		fmt.Fprintf(os.Stderr, "msn: %s\n", msg)
	}
	return code
}

// runEnded is set once the run has ended and its status is known: a stop
// watchdog firing after that exits with the same status, saying nothing
// more.
var runEnded atomic.Bool

// stopGrace is how long a run stopped by a signal has to end (abandon
// what it was doing, sign out) before the process exits anyway.
const stopGrace = 5 * time.Second

// stopOnSignal returns a context that the first SIGINT or SIGTERM cancels,
// with commands.StoppedBy(signal) as its cause; the signals' default
// action is then restored, so that a second one kills the process. A run
// that has not ended stopGrace after the signal (blocked writing to a
// reader that stopped reading, say) is ended by exitStopped. The watching
// goroutine ends with stop.
func stopOnSignal(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-sigs:
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			cancel(commands.StoppedBy(sig))
			time.AfterFunc(stopGrace, func() { exitStopped(sig) })
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel(nil)
	}
}

// exitStopped exits with the status of a run stopped by sig, saying so on
// stderr unless stderr too is blocked, or the run has ended and said what
// it had to (its last line may be what blocks).
func exitStopped(sig os.Signal) {
	code, msg := commands.Describe(commands.StoppedBy(sig))
	if runEnded.Load() {
		os.Exit(code)
	}
	said := make(chan struct{})
	go func() {
		fmt.Fprintf(os.Stderr, "msn: %s; the run did not end within %s (is the reader of its output stuck?): exiting without signing out\n", msg, stopGrace)
		close(said)
	}()
	select {
	case <-said:
	case <-time.After(time.Second):
	}
	os.Exit(code)
}
