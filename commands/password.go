package commands

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
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

// maxSecretRead is the most read from a password source: a password of
// maxPasswordLen bytes and its line ending.
const maxSecretRead = maxPasswordLen + 2

// readSecret reads a password from r (see readLimited).
func readSecret(r io.Reader, what string) (string, error) {
	b, err := readLimited(r, what)
	if err != nil {
		return "", err
	}
	return checkPassword(string(b), what)
}

// readLimited reads r to its end, holding at most maxSecretRead bytes in
// memory: a source with more is refused (errTooLong), not truncated.
func readLimited(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSecretRead+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the password from %s: %w", what, err)
	}
	if len(b) > maxSecretRead {
		return nil, errTooLong(what)
	}
	return b, nil
}

func errTooLong(what string) error {
	return usageError("the password from %s is longer than %d bytes", what, maxPasswordLen)
}

// checkPassword drops one trailing newline (from echo or a file) and
// refuses an empty or oversized password.
func checkPassword(pw, what string) (string, error) {
	pw = strings.TrimSuffix(strings.TrimSuffix(pw, "\n"), "\r")
	switch {
	case pw == "":
		return "", usageError("the password from %s is empty", what)
	case len(pw) > maxPasswordLen:
		return "", errTooLong(what)
	}
	return pw, nil
}

// passwordFile reads the password from path, refusing a regular file that
// others may read or write (as ssh refuses such a private key). Pipes and
// devices, such as /dev/stdin or the <(command) of a shell, are read as
// they are.
func passwordFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", usageError("cannot read --password-file: %v", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", usageError("cannot read --password-file: %v", err)
	}
	if perm := fi.Mode().Perm(); fi.Mode().IsRegular() && perm&0o077 != 0 && runtime.GOOS != "windows" {
		return "", usageError("--password-file %s is open to other users (mode %04o), so its password is not used: make it private with chmod 600 %s", path, perm, path)
	}
	return readSecret(f, "--password-file")
}

// passwordCommand runs command with sh -c and takes its standard output,
// reading no more than maxSecretRead bytes: a command that prints more is
// killed and refused. Its standard error goes to ours; a failure names the
// exit status, never the output. It blocks until the command has exited;
// when ctx ends, the command is killed.
func passwordCommand(ctx context.Context, command string) (string, error) {
	const what = "--password-command"
	r, w, err := os.Pipe()
	if err != nil {
		return "", fmt.Errorf("cannot run %s: %w", what, err)
	}
	defer r.Close()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Stdout = w
	cmd.Stderr = os.Stderr
	err = cmd.Start()
	w.Close()
	if err != nil {
		return "", commandFailed(err)
	}
	// A child of the command may keep the pipe open after the command is
	// killed: closing our end ends the read.
	stop := context.AfterFunc(ctx, func() { r.Close() })
	out, readErr := readLimited(r, what)
	stop()
	refused := readErr != nil && ctx.Err() == nil // it printed too much
	if refused {
		cmd.Process.Kill() // what it or its children print next meets a closed pipe
	}
	waitErr := cmd.Wait()
	switch {
	case refused:
		return "", readErr
	case waitErr != nil || ctx.Err() != nil:
		return "", commandFailed(cmp.Or(waitErr, ctx.Err()))
	}
	return checkPassword(string(out), what)
}

func commandFailed(err error) error {
	return &ExitError{Code: ExitAuth, Msg: fmt.Sprintf("--password-command failed (%v)", err), Err: err}
}
