package commands

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/urfave/cli/v2"
)

// maxPasswordLen bounds what is read from a password source.
const maxPasswordLen = 4096

// explicitPassword returns the password from --password-stdin,
// --password-file, --password-command or MSN_PASSWORD (in that order), or
// ok=false when none was given. Sources are read lazily, when the login
// needs the password; the returned function reads at most once.
func explicitPassword(c *cli.Context, s *settings) (read func(context.Context) (string, error), source string, ok bool) {
	switch {
	case boolFlag(c, flagPasswordStdin):
		return once(func(context.Context) (string, error) { return readSecret(s.Stdin, "standard input") }), "--password-stdin", true
	case hasFlag(c, flagPasswordFile):
		path, _ := stringFlag(c, flagPasswordFile)
		return once(func(context.Context) (string, error) { return passwordFile(path) }), "--password-file", true
	case hasFlag(c, flagPasswordCommand):
		command, _ := stringFlag(c, flagPasswordCommand)
		return once(func(ctx context.Context) (string, error) { return passwordCommand(ctx, command) }), "--password-command", true
	}
	if pw, set := os.LookupEnv("MSN_PASSWORD"); set {
		return once(func(context.Context) (string, error) { return checkPassword(pw, "MSN_PASSWORD") }), "MSN_PASSWORD", true
	}
	return nil, "", false
}

func hasFlag(c *cli.Context, name string) bool {
	v, ok := stringFlag(c, name)
	return ok && v != ""
}

// once memoises a password source so stdin is read a single time.
func once(f func(context.Context) (string, error)) func(context.Context) (string, error) {
	var done bool
	var pw string
	var err error
	return func(ctx context.Context) (string, error) {
		if !done {
			pw, err = f(ctx)
			done = true
		}
		return pw, err
	}
}

func readSecret(r io.Reader, what string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxPasswordLen+1))
	if err != nil {
		return "", fmt.Errorf("cannot read the password from %s: %w", what, err)
	}
	return checkPassword(string(b), what)
}

// checkPassword drops one trailing newline (from echo or a file) and
// refuses an empty or oversized password.
func checkPassword(pw, what string) (string, error) {
	pw = strings.TrimSuffix(strings.TrimSuffix(pw, "\n"), "\r")
	switch {
	case pw == "":
		return "", usageError("the password from %s is empty", what)
	case len(pw) > maxPasswordLen:
		return "", usageError("the password from %s is longer than %d bytes", what, maxPasswordLen)
	}
	return pw, nil
}

func passwordFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", usageError("cannot read --password-file: %v", err)
	}
	defer f.Close()
	return readSecret(f, "--password-file")
}

// passwordCommand runs command with sh -c and takes its standard output.
// Its standard error goes to ours; a failure names the exit status, never
// the output.
func passwordCommand(ctx context.Context, command string) (string, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", &ExitError{Code: ExitAuth, Msg: fmt.Sprintf("--password-command failed (%v)", err), Err: err}
	}
	return checkPassword(out.String(), "--password-command")
}
