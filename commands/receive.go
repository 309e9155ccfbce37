package commands

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/contacts"
	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/savefile"
	"github.com/msn-cli/msn/client/sb"
	"github.com/msn-cli/msn/client/transfer"
)

func receiveCommand() *cli.Command {
	return &cli.Command{
		Name:  "receive",
		Usage: "stay online and print what contacts send; with --files, receive their files",
		Description: `Signs in visibly, answers every conversation a contact opens, and prints
one line per text message that arrives. With --files DIR it also accepts
the files contacts send, into DIR, and prints one line per file received.

A file is written to a hidden temporary name in DIR, its size checked,
synced to disk and only then given its name: the sender's msn sendfile
exits 0 only after that. An existing file is never replaced ("name (1).ext"
instead) unless --overwrite. Names from the network are made safe: no
folders, no "..", no leading dots, no control characters. A file larger
than --max-size, or than the free space in DIR, is declined. A transfer
that stops part-way leaves nothing behind.

Files come over a direct connection when the sender proposes one and a
connection can be made: msn listens (on the address the server is
reached from, --port or any free port, advertising --address if given)
or connects to the sender, as the sender proposes; only a peer proving
the nonce agreed through the server is accepted. Otherwise, or with
--no-direct, they come through the server.

It runs until --count files have been received, until --for has passed,
or until interrupted (Ctrl-C or SIGTERM; a partial file is removed).

Output: one line per event, tab-separated: "file", sender, path, size,
sha256; or "message", sender, text (backslash, tab and newline in the
text written as \\, \t and \n). With --json, one JSON object per line:
{"type":"file","from","name","path","size","sha256","seconds"} or
{"type":"message","from","name","text","time"}.

    msn receive --files ~/Downloads
    msn receive --files . --count 1 --json | jq -r .path

Exit status: 0 after --count files or --for; 2 DIR is not a folder;
4 authentication; 5 network or server (the connection dropped);
130 interrupted (SIGINT), 143 terminated (SIGTERM).`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "files", Usage: "accept files into this `folder`"},
			&cli.BoolFlag{Name: "overwrite", Usage: "replace a file of the same name instead of numbering the new one"},
			&cli.StringFlag{Name: "max-size", Usage: "decline files larger than this `size` (e.g. 500M, 2G)"},
			&cli.IntFlag{Name: "count", Usage: "exit after receiving this `number` of files"},
			&cli.DurationFlag{Name: "for", Usage: "exit after this `duration`"},
			&cli.StringFlag{Name: "status", Value: "online", Usage: "appear with this `status`: " + strings.Join(contacts.StatusWords(), ", ")},
			&cli.BoolFlag{Name: "json", Usage: "print JSON lines"},
		}, append(directFlags(false), globalFlags()...)...),
		Action: runReceive,
	}
}

// receiveJob is what one run of msn receive does.
type receiveJob struct {
	dir    *savefile.Dir // nil: files are declined
	direct transfer.DirectOptions
	count  int    // 0: no limit
	status string // presence code
	json   bool
}

func parseReceiveJob(c *cli.Context) (receiveJob, error) {
	var job receiveJob
	if path := c.String("files"); path != "" {
		fi, err := os.Stat(path)
		if err != nil || !fi.IsDir() {
			return job, usageError("--files %s is not a folder", path)
		}
		job.dir = &savefile.Dir{Path: path, Overwrite: c.Bool("overwrite")}
		if v := c.String("max-size"); v != "" {
			n, err := parseSize(v)
			if err != nil {
				return job, err
			}
			job.dir.MaxSize = n
		}
	} else if c.IsSet("overwrite") || c.IsSet("max-size") {
		return job, usageError("--overwrite and --max-size go with --files")
	}
	if job.count = c.Int("count"); job.count < 0 {
		return job, usageError("--count must be positive")
	}
	if c.IsSet("for") && c.Duration("for") <= 0 {
		return job, usageError("--for must be positive")
	}
	var err error
	if job.direct, err = directOptions(c); err != nil {
		return job, err
	}
	code, ok := contacts.StatusCode(c.String("status"))
	if !ok {
		return job, usageError("--status %q is not one of %s", c.String("status"), strings.Join(contacts.StatusWords(), ", "))
	}
	job.status, job.json = code, c.Bool("json")
	return job, nil
}

func runReceive(c *cli.Context) error {
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	job, err := parseReceiveJob(c)
	if err != nil {
		return err
	}
	if c.NArg() > 0 {
		return usageError("msn receive takes no arguments (got %q)", c.Args().First())
	}
	ctx, stop := context.WithCancel(c.Context)
	defer stop()
	if c.IsSet("for") {
		ctx, stop = context.WithTimeout(ctx, c.Duration("for"))
		defer stop()
	}
	r := newReceiver(ctx, s, job, stop)
	sess, err := openSession(c.Context, c, s, sessionOptions{handler: ns.Handler{Invitation: r.invited}})
	if err != nil {
		return err
	}
	defer closeSession(sess)
	r.start(sess)
	presence, cancel := context.WithTimeout(c.Context, s.Timeout)
	err = sess.SetPresence(presence, job.status)
	cancel()
	if err != nil {
		return withTimeout(err, s.Timeout)
	}
	select {
	case <-ctx.Done():
	case <-sess.Done():
	}
	r.stop()
	if err := c.Context.Err(); err != nil {
		return err
	}
	if err := sess.Err(); err != nil && ctx.Err() == nil {
		return err // the server ended the session
	}
	return r.outputErr()
}

// receiver answers invitations and handles what arrives. Its methods are
// called from the NS read goroutine (unsolicited), the goroutines that
// answer invitations, and each conversation's endpoint and switchboard
// goroutines: it locks what they share.
type receiver struct {
	ctx  context.Context
	s    *settings
	job  receiveJob
	done func() // ends the run (after --count files)
	out  *eventWriter

	mu       sync.Mutex
	sess     *ns.Session
	peers    map[*transfer.Peer]bool
	received int
	answers  sync.WaitGroup
	stopped  bool
}

func newReceiver(ctx context.Context, s *settings, job receiveJob, done func()) *receiver {
	return &receiver{ctx: ctx, s: s, job: job, done: done, out: newEventWriter(s, job.json), peers: map[*transfer.Peer]bool{}}
}

func (r *receiver) start(sess *ns.Session) {
	r.mu.Lock()
	r.sess = sess
	r.mu.Unlock()
}

// invited runs on the NS read goroutine: it answers each invitation on a
// goroutine of its own.
func (r *receiver) invited(inv ns.Invitation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped || r.sess == nil {
		return
	}
	r.answers.Add(1)
	go r.answer(inv)
}

// answer joins the conversation inv invites to.
func (r *receiver) answer(inv ns.Invitation) {
	defer r.answers.Done()
	ctx, cancel := context.WithTimeout(r.ctx, r.s.Timeout)
	defer cancel()
	r.mu.Lock()
	sess := r.sess
	r.mu.Unlock()
	from := strings.ToLower(inv.From)
	peer, err := transfer.Answer(ctx, sess, inv, transfer.PeerOptions{
		Link:     transfer.LinkOptions{Wait: r.s.Timeout},
		Handler:  r.fileHandler(from),
		Direct:   withPublicAddress(r.job.direct, sess),
		Message:  func(m sb.Message) { r.message(m) },
		Trace:    r.s.trace(),
		TraceP2P: r.s.traceP2P(),
	})
	if err != nil {
		if r.ctx.Err() == nil {
			r.s.notef("could not join %s's conversation: %v", from, err)
		}
		return
	}
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		r.closePeer(peer)
		return
	}
	r.peers[peer] = true
	r.mu.Unlock()
	go func() { // leave a conversation the contact left, and forget it
		<-peer.Done()
		r.closePeer(peer)
		r.mu.Lock()
		delete(r.peers, peer)
		r.mu.Unlock()
	}()
}

// message prints a text message; it runs on a switchboard's read
// goroutine.
func (r *receiver) message(m sb.Message) {
	text, ok := m.Text()
	if !ok {
		return // typing, nudges, client capabilities...
	}
	r.out.message(strings.ToLower(m.From), m.Friendly, text)
}

// fileReceived counts a file and ends the run at --count.
func (r *receiver) fileReceived() {
	r.mu.Lock()
	r.received++
	enough := r.job.count > 0 && r.received >= r.job.count
	r.mu.Unlock()
	if enough {
		r.done()
	}
}

// stop leaves every conversation (a file still arriving is removed) and
// waits for the invitations being answered.
func (r *receiver) stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
	r.answers.Wait()
	r.mu.Lock()
	peers := make([]*transfer.Peer, 0, len(r.peers))
	for p := range r.peers {
		peers = append(peers, p)
	}
	r.mu.Unlock()
	for _, p := range peers {
		r.closePeer(p)
	}
}

func (r *receiver) closePeer(p *transfer.Peer) {
	ctx, cancel := cleanupContext()
	defer cancel()
	p.Close(ctx)
}

// outputErr is the first error writing the output (a closed pipe is
// nothing to report).
func (r *receiver) outputErr() error {
	err := r.out.err()
	if errors.Is(err, os.ErrClosed) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("writing the output: %w", err)
	}
	return nil
}
