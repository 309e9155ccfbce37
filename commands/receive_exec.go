package commands

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// execBacklog bounds the messages waiting for a free --jobs worker: past
// it, a message is not given to the command (said on stderr), so that a
// flood of messages cannot pile up without bound.
const execBacklog = 1000

// execRunner runs --exec for the messages msn receive handles, in the
// order they came, at most --jobs at once, and sends back what each
// printed.
type execRunner struct {
	s       *settings
	command string
	timeout time.Duration
	queue   chan execJob // waiting for a worker
	workers sync.WaitGroup
}

// execJob is one message for the command.
type execJob struct {
	ev    event
	reply func(context.Context, string) error // sends the answer
	done  func()                              // called once the job is over
}

// newExecRunner starts --jobs workers, which take the messages queued (at
// most backlog of them waiting) until ctx is done.
func newExecRunner(ctx context.Context, s *settings, job receiveJob, backlog int) *execRunner {
	x := &execRunner{s: s, command: job.exec, timeout: job.execTimeout, queue: make(chan execJob, backlog)}
	for range job.jobs {
		x.workers.Add(1)
		go x.work(ctx)
	}
	return x
}

// run queues ev for the command and returns at once. A worker runs the
// command, sends what it printed with reply, and then calls done, also
// when the command failed or the run ended first. When the backlog is
// full, ev gets no run and done is called at once.
func (x *execRunner) run(ev event, reply func(context.Context, string) error, done func()) {
	select {
	case x.queue <- execJob{ev: ev, reply: reply, done: done}:
	default:
		x.s.warnf("--exec has %d messages waiting already: not run for the %s from %s", cap(x.queue), ev.kind, ev.from)
		done()
	}
}

// wait blocks until every worker has returned; stop the run (the ctx of
// newExecRunner) first. Jobs still queued then are dropped.
func (x *execRunner) wait() { x.workers.Wait() }

// work runs on a worker's goroutine: it runs the jobs queued, one at a
// time, until ctx is done.
func (x *execRunner) work(ctx context.Context) {
	defer x.workers.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-x.queue:
			x.handle(ctx, j)
		}
	}
}

// handle runs the command for one job and sends its answer.
func (x *execRunner) handle(ctx context.Context, j execJob) {
	defer j.done()
	text, ok := x.execute(ctx, j.ev)
	if !ok || text == "" {
		return
	}
	rctx, cancel := context.WithTimeout(ctx, x.s.Timeout)
	defer cancel()
	if err := j.reply(rctx, text); err != nil && ctx.Err() == nil {
		x.s.warnf("could not send --exec's answer to %s: %s", j.ev.from, describe(withTimeout(err, x.s.Timeout)))
	}
}

// execOutput bounds what a command may print: a message body's limit.
const execOutput = maxBody

// execute runs the command with ev's JSON line on stdin and returns what
// it printed, as msn send reads a text (one trailing newline dropped).
// ok is false, and what went wrong is on stderr, when the command failed,
// ran longer than --exec-timeout (it and what it started are killed),
// printed too much or not UTF-8; or when ctx ended (said nothing then).
func (x *execRunner) execute(ctx context.Context, ev event) (text string, ok bool) {
	input, err := ev.record(true)
	if err != nil {
		x.s.warnf("--exec: %v", err)
		return "", false
	}
	jobCtx, cancel := context.WithTimeout(ctx, x.timeout)
	defer cancel()
	cmd := exec.CommandContext(jobCtx, "sh", "-c", x.command)
	cmd.Stdin = bytes.NewReader(input)
	out := &boundedBuffer{max: execOutput}
	cmd.Stdout, cmd.Stderr = out, x.s.Stderr
	cmd.Env = execEnv(os.Environ(), ev)
	cmd.WaitDelay = time.Second // then a child left holding the output is killed
	ownProcessGroup(cmd)
	err = cmd.Run()
	what := "the " + ev.kind + " from " + ev.from
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return "", false // the run is ending
	case errors.Is(jobCtx.Err(), context.DeadlineExceeded):
		x.s.warnf("--exec ran longer than %s (--exec-timeout) for %s and was killed; nothing sent", x.timeout, what)
		return "", false
	case errors.Is(err, exec.ErrWaitDelay):
		killGroup(cmd) // what holds the output would otherwise outlive the job
		x.s.warnf("--exec ended but left a process holding its output for %s, which was killed; nothing sent (redirect the output of what it starts in the background)", what)
		return "", false
	case errors.As(err, &exit):
		x.s.warnf("--exec exited with status %d for %s; nothing sent", exit.ExitCode(), what)
		return "", false
	case err != nil:
		x.s.warnf("--exec could not run for %s: %v", what, err)
		return "", false
	case out.over:
		x.s.warnf("--exec printed more than %d bytes for %s; nothing sent", execOutput, what)
		return "", false
	}
	text, err = checkText(out.String(), "--exec")
	if err != nil {
		x.s.warnf("%s for %s; nothing sent", strings.TrimPrefix(err.Error(), "the message from "), what)
		return "", false
	}
	return text, true
}

// execEnv is the command's environment: msn's own, without the password,
// and MSN_TYPE, MSN_FROM and MSN_TEXT (without NUL bytes, which an
// environment cannot hold; stdin has the exact text).
func execEnv(environ []string, ev event) []string {
	set := map[string]string{"MSN_TYPE": ev.kind, "MSN_FROM": ev.from, "MSN_TEXT": strings.ReplaceAll(ev.text, "\x00", "")}
	env := make([]string, 0, len(environ)+len(set))
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if _, ours := set[name]; !ours && name != "MSN_PASSWORD" {
			env = append(env, kv)
		}
	}
	for _, name := range []string{"MSN_TYPE", "MSN_FROM", "MSN_TEXT"} {
		env = append(env, name+"="+set[name])
	}
	return env
}

// boundedBuffer keeps up to max bytes and notes that more came; it takes
// (and drops) the rest, so the writer is not stopped.
type boundedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	keep := p
	if room := b.max - b.Len(); len(p) > room {
		b.over = true
		keep = p[:max(room, 0)]
	}
	b.Buffer.Write(keep)
	return len(p), nil
}
