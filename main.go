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
// line on stderr.
func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := commands.App(os.Stdin, os.Stdout, os.Stderr).RunContext(ctx, args)
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", context.Canceled, err)
	}
	code, msg := commands.Describe(err)
	if code != commands.ExitOK {
		fmt.Fprintf(os.Stderr, "msn: %s\n", msg)
	}
	return code
}
