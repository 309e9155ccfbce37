package commands

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveWait bounds every wait of the msn serve tests.
const serveWait = 30 * time.Second

// lines is an output stream of a background process, kept whole, that a
// test can wait on.
type lines struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // closed and replaced on every write
}

func newLines() *lines { return &lines{written: make(chan struct{})} }

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	close(l.written)
	l.written = make(chan struct{})
	return len(p), nil
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitLine waits for a whole line that contains s and returns it.
func (l *lines) waitLine(t *testing.T, s string) string {
	t.Helper()
	deadline := time.After(serveWait)
	for {
		l.mu.Lock()
		text, written := l.buf.String(), l.written
		l.mu.Unlock()
		sc := bufio.NewScanner(strings.NewReader(text))
		for sc.Scan() {
			if strings.Contains(sc.Text(), s) && strings.Contains(text, sc.Text()+"\n") {
				return sc.Text()
			}
		}
		select {
		case <-written:
		case <-deadline:
			t.Fatalf("no line with %q in:\n%s", s, text)
		}
	}
}

// background is a process of the binary running while the test goes on;
// it is killed at the end of the test if still running.
type background struct {
	cmd            *exec.Cmd
	stdout, stderr *lines
	done           chan struct{}
}

func startBackground(t *testing.T, env []string, args ...string) *background {
	t.Helper()
	b := &background{cmd: exec.Command(msnBin, args...), stdout: newLines(), stderr: newLines(), done: make(chan struct{})}
	b.cmd.Env, b.cmd.Stdout, b.cmd.Stderr = env, b.stdout, b.stderr
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.cmd.Wait(); close(b.done) }()
	t.Cleanup(func() {
		b.cmd.Process.Kill()
		<-b.done
	})
	return b
}

// stop sends sig and returns the exit status.
func (b *background) stop(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	b.cmd.Process.Signal(sig)
	select {
	case <-b.done:
	case <-time.After(serveWait):
		t.Fatalf("%v did not end after %v; stderr:\n%s", b.cmd.Args, sig, b.stderr)
	}
	return b.cmd.ProcessState.ExitCode()
}

// serving is msn serve running in the background, and the environment
// that points the binary at it.
type serving struct {
	*background
	env []string
}

// startServe runs msn serve with args (and no command) and waits for the
// settings line it prints.
func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	home := t.TempDir()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + t.TempDir(),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "run"),
		"MSN_TIMEOUT=20s",
	}
	b := startBackground(t, env, append([]string{"serve"}, args...)...)
	line := b.stdout.waitLine(t, "export ")
	vars := strings.Fields(strings.TrimPrefix(line, "export "))
	if len(vars) != 2 || !strings.HasPrefix(vars[0], "MSN_SERVER=127.0.0.1:") || !strings.HasPrefix(vars[1], "MSN_SERVICES=http://127.0.0.1:") {
		t.Fatalf("settings line %q", line)
	}
	return &serving{background: b, env: append(env, vars...)}
}

// run runs the binary against the server with extra environment.
func (s *serving) run(t *testing.T, extra []string, args ...string) result {
	t.Helper()
	return (&cliEnv{t: t, env: s.env}).runEnv(extra, "", args...)
}

// start runs the binary against the server in the background.
func (s *serving) start(t *testing.T, extra []string, args ...string) *background {
	t.Helper()
	return startBackground(t, append(append([]string{}, s.env...), extra...), args...)
}
