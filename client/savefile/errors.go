package savefile

import "errors"

// The refusals callers act on. Errors from this package wrap them with the
// name and the numbers, for example
// `savefile: file too large: "big.iso" is 5000000 bytes, the limit is 1000000`;
// compare with errors.Is.
var (
	// ErrTooLarge: the announced size is over Dir.MaxSize (from Create).
	ErrTooLarge = errors.New("savefile: file too large")
	// ErrNoSpace: the folder's filesystem has too little free space for
	// the announced size (from Create), or ran out while writing (from
	// Write and Commit).
	ErrNoSpace = errors.New("savefile: not enough free space")
	// ErrIncomplete: Commit was called before the announced size was
	// written.
	ErrIncomplete = errors.New("savefile: file incomplete")
	// ErrOverrun: a Write would have gone beyond the announced size.
	ErrOverrun = errors.New("savefile: more bytes than announced")
	// ErrClosed: the File was already committed or aborted.
	ErrClosed = errors.New("savefile: file already committed or aborted")
)
