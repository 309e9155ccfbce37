package echo

import "github.com/msn-cli/msn/client/savefile"

// Kind says what an Event reports.
type Kind int

const (
	// Message: From sent Text.
	Message Kind = iota + 1
	// Echoed: Text went back to From, online, or stored as an offline
	// message (Offline).
	Echoed
	// EchoFailed: Text could not go back to From (Err).
	EchoFailed
	// File: From sent the file Name, saved as Saved.
	File
	// FileFailed: the file Name from From was declined or did not arrive
	// whole (Err); nothing of it is left in the folder.
	FileFailed
	// SignedOut: the server ended the contact's session (Err); it echoes
	// nothing more.
	SignedOut
)

// Event is something that happened to an echo contact.
type Event struct {
	Kind    Kind
	Contact string // the echo contact's account
	From    string // the other side: the sender, or whom an echo went to
	Text    string
	Offline bool           // Echoed: stored as an offline message
	Name    string         // File, FileFailed: the name as the sender gave it
	Saved   savefile.Saved // File
	Err     error          // EchoFailed, FileFailed, SignedOut
}
