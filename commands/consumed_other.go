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

// canWatch: only Linux lets the writer see how much of a pipe or socket is
// unread; elsewhere such output cannot confirm consumption.
func canWatch(*os.File, bool) bool { return false }

func waitDrained(context.Context, *os.File, bool) error { return nil }
