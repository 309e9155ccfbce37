package commands

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// maxBody bounds a message body read from stdin or a file: about 650
// switchboard messages, far beyond a chat message, short of a mistake
// like piping a disk image.
const maxBody = 1 << 20

// splitSendArgs separates contacts from message words. With "--" in args,
// the contacts are before it and the text after it (where anything goes).
// Without, the first argument is the contact (unless --to named them) and
// the rest is text, in which a word that looks like a flag is refused:
// urfave/cli stops parsing flags at the first argument, so
// `msn send bob hi --json` would otherwise send "hi --json".
func splitSendArgs(args, to []string) (contacts, words []string, err error) {
	for i, a := range args {
		if a == "--" {
			before, after := args[:i], args[i+1:]
			if len(to) > 0 {
				if len(before) > 0 {
					return nil, nil, usageError("contacts given both with --to and before --")
				}
				return to, after, nil
			}
			return before, after, nil
		}
	}
	contacts = to
	words = args
	if len(to) == 0 {
		if len(args) == 0 {
			return nil, nil, usageError("send needs a contact: msn send CONTACT [TEXT...]")
		}
		contacts, words = args[:1], args[1:]
	}
	for _, w := range words {
		if len(w) > 1 && strings.HasPrefix(w, "-") {
			return nil, nil, usageError("%q looks like a flag after the message text started; put flags before the contact, or the text after -- (msn send CONTACT -- TEXT)", w)
		}
	}
	return contacts, words, nil
}

// messageBody returns the text to send: the words, or --file, or stdin
// (no words, or the single word "-"). A terminal stdin is a usage error:
// a script that forgot its text must not hang waiting for a user.
func messageBody(words []string, file string, stdin io.Reader) (string, error) {
	var b []byte
	var err error
	var source string
	switch {
	case file != "" && len(words) > 0:
		return "", usageError("give the text either as arguments or with --file, not both")
	case file != "":
		source = file
		var f *os.File
		if f, err = os.Open(file); err != nil {
			return "", usageError("cannot read --file: %v", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return "", usageError("cannot read --file: %s is a directory", file)
		}
		b, err = readBounded(f, source)
	case len(words) == 0 || (len(words) == 1 && words[0] == "-"):
		source = "standard input"
		if isTerminalReader(stdin) {
			return "", usageError("no message text: give it as arguments, with --file, or on standard input (which is a terminal)")
		}
		b, err = readBounded(stdin, source)
	default:
		return checkText(strings.Join(words, " "), "the arguments")
	}
	if err != nil {
		return "", err
	}
	return checkText(string(b), source)
}

func readBounded(r io.Reader, source string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", source, err)
	}
	if len(b) > maxBody {
		return nil, usageError("the message from %s is longer than %d bytes", source, maxBody)
	}
	return b, nil
}

// checkText refuses invalid UTF-8 (sending it would deliver mojibake) and
// drops one trailing newline, which echo and files add.
func checkText(text, source string) (string, error) {
	if at := invalidUTF8At(text); at >= 0 {
		return "", usageError("the message from %s is not valid UTF-8 (at byte %d)", source, at)
	}
	return trimNewline(text), nil
}

// invalidUTF8At is the offset of the first byte of text that is not
// valid UTF-8, or -1 when all of it is.
func invalidUTF8At(text string) int {
	for i, r := range text {
		if _, size := utf8.DecodeRuneInString(text[i:]); r == utf8.RuneError && size == 1 {
			return i
		}
	}
	return -1
}

// trimNewline drops one trailing "\n" or "\r\n".
func trimNewline(text string) string {
	text = strings.TrimSuffix(text, "\n")
	return strings.TrimSuffix(text, "\r")
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isTerminal(f)
}
