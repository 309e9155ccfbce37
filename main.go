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
// logs out and exits 130; a second one kills the process.
func run(args []string) int {
	// A closed stdout is an error to handle (msn offline | head -1 must
	// delete only what was read), not a signal that kills the process.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // restore the default: a second signal kills
	err := commands.App(os.Stdin, os.Stdout, os.Stderr).RunContext(ctx, args)
	code, msg := commands.Describe(err)
	if ctx.Err() != nil {
		code, msg = commands.ExitInterrupted, "interrupted"
	}
	if code != commands.ExitOK {
		fmt.Fprintf(os.Stderr, "msn: %s\n", msg)
	}
	return code
}
