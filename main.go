// Command msn speaks the MSN Messenger protocol for scripts: each
// subcommand logs in, does one job, logs out and exits with a documented
// status. See README.md and man/msn.1.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

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
	if code != commands.ExitOK {
		fmt.Fprintf(os.Stderr, "msn: %s\n", msg)
	}
	return code
}

// stopOnSignal returns a context that the first SIGINT or SIGTERM cancels,
// with commands.StoppedBy(signal) as its cause; the signals' default
// action is then restored, so that a second one kills the process. The
// watching goroutine ends with stop.
func stopOnSignal(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-sigs:
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			cancel(commands.StoppedBy(sig))
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel(nil)
	}
}
