//go:build !linux

package commands

import (
	"context"
	"errors"
	"os"
)

// errReaderGone is never returned here: without a way to watch the pipe,
// only a failed write tells.
var errReaderGone = errors.New("the reader of standard output went away")

// canWatchPipe: only Linux lets the writer see how much of a pipe is
// unread; elsewhere a successful write counts as consumed.
func canWatchPipe(*os.File) bool { return false }

func waitDrained(context.Context, *os.File) error { return nil }
