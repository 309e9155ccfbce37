package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/im"
	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/peer"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/transfer"
)

// answerScript is an --exec command for the tests: it appends its stdin
// to $DIR/stdin, waits for $DIR/gate when the text starts with "wait",
// and answers with the text and the sender from its environment.
const answerScript = `cat >> "$DIR/stdin"
case "$MSN_TEXT" in wait*) while [ ! -e "$DIR/gate" ]; do sleep 0.01; done;; esac
printf 'you said: %s (%s)\n' "$MSN_TEXT" "$MSN_FROM"`

// talkToBob opens a conversation from the test peer alice to bob, and
// returns it with a function that sends a text there (failing the test
// unless it is delivered). What bob sends there goes to replies, unless
// nil.
func talkToBob(ctx context.Context, t *testing.T, alice *peer.Peer, replies chan<- string) (*transfer.Peer, func(string)) {
	t.Helper()
	conv, err := transfer.Dial(ctx, alice.Session, "bob@example.com", transfer.PeerOptions{Message: func(m sb.Message) {
		if text, ok := m.Text(); ok && replies != nil {
			replies <- text
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	talk := im.Join(alice.Session, conv.Switchboard(), []string{"bob@example.com"}, im.Options{})
	return conv, func(text string) {
		t.Helper()
		if res := talk.Send(ctx, text); res[0].Err != nil {
			t.Fatal(res[0].Err)
		}
	}
}

// TestReceiveExecAnswers: at every dialect, --exec gets each message as
// its JSON line on stdin and MSN_FROM and MSN_TEXT, and what it prints
// reaches the sender (the test peer) in the conversation it wrote in; when
// the sender has left by then, they are invited back. With --presence
// the sender's sign-in is an event too.
func TestReceiveExecAnswers(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			dir := t.TempDir()
			rx := c.startReceiveEnv([]string{"DIR=" + dir}, p, "--json", "--presence", "--debug", "--exec", answerScript)
			alice := c.startPeer("alice@example.com", "alice123", dialectOf(t, p))
			rx.stdout.waitLine(t, `{"type":"presence","from":"alice@example.com","name":"Alice","status":"online"`)

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			replies := make(chan string, 2)
			conv, send := talkToBob(ctx, t, alice, replies)
			send("hello")
			select {
			case got := <-replies:
				if got != "you said: hello (alice@example.com)" {
					t.Fatalf("the answer: %q", got)
				}
			case <-ctx.Done():
				t.Fatalf("no answer; receive said: %s", rx.stderr)
			}

			// The sender leaves before the answer is ready.
			send("wait for me")
			rx.stdout.waitLine(t, `"text":"wait for me"`)
			conv.Close(ctx)
			rx.stderr.waitLine(t, "SB S< BYE alice@example.com")
			if err := os.WriteFile(filepath.Join(dir, "gate"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if got := waitTexts(t, alice, 1); len(got) != 1 || got[0] != "you said: wait for me (alice@example.com)" {
				t.Fatalf("invited back, alice got %q; receive said: %s", got, rx.stderr)
			}

			stdin, err := os.ReadFile(filepath.Join(dir, "stdin"))
			if err != nil {
				t.Fatal(err)
			}
			var messages []string
			for _, line := range strings.Split(rx.stdout.String(), "\n") {
				if strings.HasPrefix(line, `{"type":"message"`) {
					messages = append(messages, line+"\n")
				}
			}
			if len(messages) != 2 || string(stdin) != strings.Join(messages, "") {
				t.Fatalf("--exec read:\n%s\nthe messages printed:\n%s", stdin, messages)
			}
			var ev map[string]any
			if err := json.Unmarshal([]byte(messages[0]), &ev); err != nil || ev["text"] != "hello" || ev["from"] != "alice@example.com" {
				t.Fatalf("first message: %v (%v)", ev, err)
			}
		})
	}
}

// hangScript is an --exec command that hangs, with a child of its own,
// on the text "hang" (the child's pid in $DIR/child.pid), and answers
// other texts at once.
const hangScript = `cat >/dev/null
if [ "$MSN_TEXT" = hang ]; then sleep 120 & echo $! > "$DIR/child.pid"; wait; fi
echo "ok $MSN_TEXT"`

// TestReceiveExecTimeout: an --exec command running longer than
// --exec-timeout is killed with what it started, said on stderr, and
// nothing is sent for it; the next message is answered, and --count
// counts both (the one that hung was handled).
func TestReceiveExecTimeout(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			dir := t.TempDir()
			rx := c.startReceiveEnv([]string{"DIR=" + dir}, p, "--exec", hangScript, "--exec-timeout", "300ms", "--count", "2")
			alice := c.startPeer("alice@example.com", "alice123", dialectOf(t, p))
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			replies := make(chan string, 2)
			_, send := talkToBob(ctx, t, alice, replies)
			send("hang")
			send("after")
			if code := rx.wait(t); code != 0 {
				t.Fatalf("receive exited %d: %s", code, rx.stderr)
			}
			// It exited once the answer was delivered: the server relayed it.
			if got := relayedTexts(c.srv, "alice@example.com"); len(got) != 1 || got[0] != "ok after" {
				t.Fatalf("relayed to alice: %q", got)
			}
			if want := "message\talice@example.com\thang\nmessage\talice@example.com\tafter\n"; rx.stdout.String() != want {
				t.Fatalf("stdout %q, want %q", rx.stdout, want)
			}
			select {
			case got := <-replies:
				if got != "ok after" || len(replies) != 0 {
					t.Fatalf("answers: %q and %d more", got, len(replies))
				}
			case <-ctx.Done():
				t.Fatalf("no answer; receive said: %s", rx.stderr)
			}
			const killed = "msn: --exec ran longer than 300ms (--exec-timeout) for the message from alice@example.com and was killed; nothing sent\n"
			if !strings.Contains(rx.stderr.String(), killed) {
				t.Fatalf("stderr:\n%s", rx.stderr)
			}
			waitKilled(t, ctx, filepath.Join(dir, "child.pid"), "the command's child")
		})
	}
}

// waitKilled waits until the process whose pid is in pidFile is gone.
func waitKilled(t *testing.T, ctx context.Context, pidFile, what string) {
	t.Helper()
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, what+" to be killed", func() bool { return !running(pid) })
}

// running reports whether the process pid is alive (not a zombie), as
// /proc shows it; where there is no /proc it is taken as gone.
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(after, "Z") && !strings.HasPrefix(after, "X")
}

// relayedTexts are the texts (text/plain bodies) the server relayed to
// email.
func relayedTexts(srv *msntest.Server, email string) []string {
	var out []string
	for _, cmd := range srv.Received(email) {
		head, body, _ := strings.Cut(string(cmd.Payload), "\r\n\r\n")
		if strings.Contains(head, "Content-Type: text/plain") {
			out = append(out, body)
		}
	}
	return out
}

// TestReceiveExecJobs: with --jobs 2, a second message's command starts
// while the first one's still runs (neither can end before both have
// started), and both answers arrive.
func TestReceiveExecJobs(t *testing.T) {
	const script = `cat >/dev/null
touch "$DIR/started.$MSN_TEXT"
while [ ! -e "$DIR/started.a" ] || [ ! -e "$DIR/started.b" ]; do sleep 0.01; done
echo "done $MSN_TEXT"`
	c := newCLI(t, msntest.Options{})
	dir := t.TempDir()
	rx := c.startReceiveEnv([]string{"DIR=" + dir}, "MSNP18", "--exec", script, "--jobs", "2", "--exec-timeout", "5s", "--count", "2")
	alice := c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, send := talkToBob(ctx, t, alice, nil)
	send("a")
	send("b")
	if code := rx.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx.stderr)
	}
	got := relayedTexts(c.srv, "alice@example.com")
	sort.Strings(got)
	if !reflect.DeepEqual(got, []string{"done a", "done b"}) {
		t.Fatalf("relayed to alice: %q; receive said: %s", got, rx.stderr)
	}
}

// TestReceiveSwitchboardClosingUnderIt: the server closing the
// switchboard under an answer being sent is said on stderr, and msn
// receive goes on: the next conversation is answered.
func TestReceiveSwitchboardClosingUnderIt(t *testing.T) {
	const script = `cat >/dev/null
if [ "$MSN_TEXT" = long ]; then head -c 3000 /dev/zero | tr '\0' x; else echo "ok $MSN_TEXT"; fi`
	c := newCLI(t, msntest.Options{})
	rx := c.startReceive("MSNP18", "--exec", script, "--count", "2")
	alice := c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The answer to "long" takes two messages; the server hangs up at the
	// second (alice's connection sends one).
	c.srv.Inject(msntest.Fault{Server: "SB", Command: "MSG", Nth: 2, Times: 1, Action: msntest.CloseConn})
	for _, text := range []string{"long", "again"} {
		conv, send := talkToBob(ctx, t, alice, nil)
		send(text)
		if text == "long" {
			rx.stderr.waitLine(t, "could not send --exec's answer to alice@example.com")
		}
		conv.Close(ctx)
	}
	if code := rx.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx.stderr)
	}
	if got := relayedTexts(c.srv, "alice@example.com"); len(got) == 0 || got[len(got)-1] != "ok again" {
		t.Fatalf("relayed to alice: %q", got)
	}
}

// newTestExecRunner starts an execRunner with one worker for command
// (--exec-timeout 10 s) and room for backlog messages waiting; it returns
// the runner's stderr and the context that ends it (within 20 s).
func newTestExecRunner(t *testing.T, command string, backlog int) (*execRunner, *lines, context.Context, context.CancelFunc) {
	stderr := newLines()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	job := receiveJob{jobs: 1, execTimeout: 10 * time.Second, exec: command}
	return newExecRunner(ctx, &settings{Stderr: stderr, Timeout: 10 * time.Second}, job, backlog), stderr, ctx, cancel
}

// TestExecRunnerBacklog: with --jobs 1 the commands run in the order the
// messages came; a message that finds the worker busy and the backlog
// full gets no run, is said on stderr and done at once.
func TestExecRunnerBacklog(t *testing.T) {
	dir := t.TempDir()
	x, stderr, ctx, cancel := newTestExecRunner(t, `cd '`+dir+`' && touch "started.$MSN_TEXT" && while [ ! -e gate ]; do sleep 0.01; done; echo "ok $MSN_TEXT"`, 2)
	defer cancel()
	replies := make(chan string, 4)
	finished := make(chan string, 4)
	run := func(text string) {
		x.run(newMessageEvent("1", "alice@example.com", "Alice", text),
			func(_ context.Context, answer string) error { replies <- answer; return nil },
			func() { finished <- text })
	}
	run("a")
	waitFor(t, ctx, "the first command", func() bool { _, err := os.Stat(filepath.Join(dir, "started.a")); return err == nil })
	for _, text := range []string{"b", "c", "d"} { // b and c wait, d finds no room
		run(text)
	}
	select {
	case got := <-finished:
		if got != "d" {
			t.Fatalf("%q finished first", got)
		}
	default:
		t.Fatal("the fourth message was not refused at once")
	}
	if want := "msn: --exec has 2 messages waiting already: not run for the message from alice@example.com\n"; stderr.String() != want {
		t.Fatalf("stderr %q, want %q", stderr, want)
	}
	if err := os.WriteFile(filepath.Join(dir, "gate"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var got []string
	for len(got) < 3 {
		select {
		case r := <-replies:
			got = append(got, r)
		case <-ctx.Done():
			t.Fatalf("answers so far: %q", got)
		}
	}
	if !reflect.DeepEqual(got, []string{"ok a", "ok b", "ok c"}) {
		t.Fatalf("answers %q", got)
	}
	cancel()
	x.wait()
}

// TestReceiveExecGetsTheDefaultSIGPIPE: msn keeps SIGPIPE from killing it
// (a closed stdout is an error it handles), but its --exec commands start
// with the signal's default action, as from a shell: a loop writing into
// `head -n 1` ends once head has read its line, instead of writing into
// the closed pipe until --exec-timeout kills it.
func TestReceiveExecGetsTheDefaultSIGPIPE(t *testing.T) {
	const script = `cat >/dev/null; while :; do echo "first of many"; done | head -n 1`
	if got, stderr := answerOne(t, "go", "--exec", script, "--exec-timeout", "5s"); len(got) != 1 || got[0] != "first of many" {
		t.Fatalf("relayed to alice: %q; receive said: %s", got, stderr)
	}
}

// answerOne runs msn receive --count 1 with args (an --exec command), has
// alice send it text, waits for it to exit 0, and returns what the server
// relayed to alice and what msn receive said on stderr.
func answerOne(t *testing.T, text string, args ...string) (relayed []string, stderr string) {
	t.Helper()
	c := newCLI(t, msntest.Options{})
	rx := c.startReceive("MSNP18", append([]string{"--count", "1"}, args...)...)
	alice := c.startPeer("alice@example.com", "alice123", ns.MSNP18)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, send := talkToBob(ctx, t, alice, nil)
	send(text)
	if code := rx.wait(t); code != 0 {
		t.Fatalf("receive exited %d: %s", code, rx.stderr)
	}
	return relayedTexts(c.srv, "alice@example.com"), rx.stderr.String()
}

// TestExecRunnerKillsWhatHoldsTheOutput: a command that exits but leaves
// a process of its own holding its standard output does not leave it
// running: the process is killed, that is said on stderr, and nothing is
// sent (its output may not be complete).
func TestExecRunnerKillsWhatHoldsTheOutput(t *testing.T) {
	dir := t.TempDir()
	x, stderr, ctx, cancel := newTestExecRunner(t, `echo partial; sleep 60 & echo $! > '`+filepath.Join(dir, "pid")+`'`, 1)
	defer cancel()
	finished := make(chan struct{})
	x.run(newMessageEvent("1", "alice@example.com", "Alice", "hi"),
		func(_ context.Context, answer string) error { t.Errorf("sent %q", answer); return nil },
		func() { close(finished) })
	select {
	case <-finished:
	case <-ctx.Done():
		t.Fatal("the job never finished")
	}
	waitKilled(t, ctx, filepath.Join(dir, "pid"), "the process left holding the output")
	if !strings.Contains(stderr.String(), "left a process holding its output") {
		t.Errorf("stderr %q", stderr)
	}
	cancel()
	x.wait()
}

// TestReceiveExecNeverSeesThePassword: the password given in MSN_PASSWORD
// is in neither the environment nor the standard input of an --exec
// command.
func TestReceiveExecNeverSeesThePassword(t *testing.T) {
	const script = `if { env; cat; } | grep -q bob123; then echo leaked; else echo clean; fi`
	if got, stderr := answerOne(t, "what is the password?", "--exec", script); len(got) != 1 || got[0] != "clean" {
		t.Fatalf("relayed to alice: %q; receive said: %s", got, stderr)
	}
}
