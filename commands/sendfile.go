package commands

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/transfer"
)

// defaultAcceptTimeout is how long sendfile waits for the receiver to
// accept: a person may have to see the offer and click.
const defaultAcceptTimeout = 3 * time.Minute

func sendfileCommand() *cli.Command {
	return &cli.Command{
		Name:      "sendfile",
		Usage:     "send files to a contact; exit 0 only once the receiver acknowledged every byte",
		ArgsUsage: "CONTACT FILE...",
		Description: `Offers each FILE to CONTACT, one after another over one login, and
streams it once accepted. A file counts as sent only when the receiver's
client acknowledged the whole of it.

Once a file is accepted, msn proposes a direct connection between the
two machines: the side that can listens (on the address the server is
reached from, --port or any free port; --address says what to advertise
behind a NAT) and the other connects; both prove they hold the nonce
agreed through the server before a byte of the file goes. When none comes
up within --direct-timeout (a firewall), or one breaks part-way, the file
goes through the server instead (the switchboard, many chunks in flight
at once), from where it can safely resume: a firewall never makes a
transfer fail. --no-direct always uses the server; --direct-only fails
(exit 5) rather than use it.

The contact must be online: a file cannot be stored for later. While a
file is sent, a progress bar shows on stderr if it is a terminal (not
with --quiet, never in a pipe or cron).

    msn sendfile bob@example.com report.pdf
    msn sendfile --json bob@example.com *.log | jq -r .sha256

With --json, one JSON object per line and file: name, size (bytes),
sha256, status (sent, declined, cancelled or failed), seconds,
bytes_per_second, transport ("direct", "switchboard", or
"direct+switchboard" when a direct connection broke part-way), and error
when not sent.

Exit status: 0 every file was acknowledged; 2 a FILE cannot be read;
5 network, server or timeout, or no direct connection with --direct-only;
6 the contact is offline, unknown or blocks you, or did not answer the
conversation; 7 the contact declined a file, cancelled it, left
part-way, or did not accept within --accept-timeout; 8 some files were
sent and some not.`,
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print one JSON line per file"},
			&cli.DurationFlag{Name: "accept-timeout", Value: defaultAcceptTimeout, Usage: "give the contact this `duration` to accept each file"},
		}, append(directFlags(true), globalFlags()...)...),
		Action: runSendfile,
	}
}

// outgoingFile is a file named on the command line, checked before login.
type outgoingFile struct {
	path string
	name string // as offered: the base name
	size uint64
}

// sendfileResult is one file's outcome, and its --json line.
type sendfileResult struct {
	Name        string  `json:"name"`
	Size        uint64  `json:"size"`
	SHA256      string  `json:"sha256,omitempty"`
	Status      string  `json:"status"`
	Seconds     float64 `json:"seconds"`
	BytesPerSec float64 `json:"bytes_per_second"`
	Transport   string  `json:"transport"`
	Error       string  `json:"error,omitempty"`
	err         error
}

func runSendfile(c *cli.Context) error {
	s, err := resolve(c, true)
	if err != nil {
		return err
	}
	if c.NArg() < 2 {
		return usageError("give a contact and at least one file: msn sendfile CONTACT FILE...")
	}
	contact, err := address(c.Args().First())
	if err != nil {
		return err
	}
	if contact == s.Account {
		return usageError("cannot send a file to yourself")
	}
	files, err := checkOutgoing(c.Args().Tail())
	if err != nil {
		return err
	}
	accept := c.Duration("accept-timeout")
	if accept <= 0 {
		return usageError("--accept-timeout must be positive")
	}
	direct, err := directOptions(c)
	if err != nil {
		return err
	}
	sess, err := openSession(c.Context, c, s, sessionOptions{})
	if err != nil {
		return err
	}
	defer closeSession(sess)
	dial, cancel := context.WithTimeout(c.Context, s.Timeout)
	peer, err := transfer.Dial(dial, sess, contact, transfer.PeerOptions{
		Link:     transfer.LinkOptions{Wait: s.Timeout},
		Direct:   withPublicAddress(direct, sess),
		Trace:    s.trace(),
		TraceP2P: s.traceP2P(),
	})
	cancel()
	if err != nil {
		return describeTransfer(contact, "", withTimeout(err, s.Timeout))
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.Timeout)
		defer cancel()
		peer.Close(ctx)
	}()
	var results []sendfileResult
	for _, f := range files {
		r := sendOne(c.Context, s, peer, f, accept, c.Bool("json"))
		results = append(results, r)
		if c.Bool("json") {
			if err := writeJSONLine(s.Stdout, r); err != nil {
				return err
			}
		}
		if r.err != nil && !errors.Is(r.err, transfer.ErrDeclined) {
			break // the session or the link is gone; the rest cannot go
		}
	}
	return summarizeFiles(s, contact, files, results)
}

// checkOutgoing stats every file before anything is sent: a missing,
// unreadable or non-regular file is a usage error.
func checkOutgoing(paths []string) ([]outgoingFile, error) {
	var out []outgoingFile
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageError("cannot read %s: %v", path, errors.Unwrap(err))
		}
		fi, err := f.Stat()
		f.Close()
		if err != nil {
			return nil, usageError("cannot read %s: %v", path, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, usageError("%s is not a regular file", path)
		}
		out = append(out, outgoingFile{path: path, name: filepath.Base(path), size: uint64(fi.Size())})
	}
	return out, nil
}

// sendOne offers and streams one file, hashing what it reads when the
// sha256 is to be printed (withHash).
func sendOne(ctx context.Context, s *settings, peer *transfer.Peer, f outgoingFile, accept time.Duration, withHash bool) sendfileResult {
	r := sendfileResult{Name: f.name, Size: f.size, Transport: "switchboard"}
	file, err := os.Open(f.path)
	if err != nil {
		r.err = usageError("cannot read %s: %v", f.path, errors.Unwrap(err))
		return r.finish(0)
	}
	defer file.Close()
	opts := transfer.SendOptions{AcceptTimeout: accept, AckTimeout: s.Timeout}
	var started time.Time
	opts.Accepted = func() { started = time.Now() }
	bar := newProgress(s, f.name, f.size)
	opts.Progress = bar.set
	hash := sha256.New()
	if withHash {
		opts.Hash = hash
	}
	res, err := peer.SendFile(ctx, file, f.name, f.size, opts)
	bar.clear()
	if res.Transport != "" {
		r.Transport = res.Transport
	}
	if err == nil && withHash {
		r.SHA256 = hex.EncodeToString(hash.Sum(nil))
	}
	r.err = err
	var took time.Duration
	if !started.IsZero() {
		took = time.Since(started)
	}
	return r.finish(took)
}

// finish fills the outcome fields.
func (r sendfileResult) finish(took time.Duration) sendfileResult {
	r.Seconds = took.Seconds()
	switch {
	case r.err == nil:
		r.Status = "sent"
		if took > 0 {
			r.BytesPerSec = float64(r.Size) / took.Seconds()
		}
	case errors.Is(r.err, transfer.ErrDeclined):
		r.Status = "declined"
	case errors.Is(r.err, transfer.ErrCancelled), errors.Is(r.err, transfer.ErrNoAnswer):
		r.Status = "cancelled"
	default:
		r.Status = "failed"
	}
	if r.err != nil {
		_, r.Error = Describe(r.err)
	}
	return r
}

// summarizeFiles reports what was not sent and picks the exit status: 0
// all sent, the failure's own status when nothing was sent, 8 when some
// files were.
func summarizeFiles(s *settings, contact string, files []outgoingFile, results []sendfileResult) error {
	sent := 0
	var failures []error
	for _, r := range results {
		if r.err == nil {
			sent++
			if !s.Quiet && isTerminal(s.Stderr) {
				fmt.Fprintf(s.Stderr, "msn: sent %s (%d bytes) in %.1fs\n", r.Name, r.Size, r.Seconds)
			}
			continue
		}
		failures = append(failures, describeTransfer(contact, r.Name, r.err))
	}
	for i := len(results); i < len(files); i++ {
		failures = append(failures, fmt.Errorf("%s: not sent", files[i].name))
	}
	if len(failures) == 0 {
		return nil
	}
	if sent == 0 {
		for _, f := range failures[1:] {
			fmt.Fprintf(s.Stderr, "msn: %v\n", f)
		}
		return failures[0]
	}
	for _, f := range failures {
		fmt.Fprintf(s.Stderr, "msn: %v\n", f)
	}
	return &ExitError{Code: ExitPartial, Msg: fmt.Sprintf("sent %d of %d files to %s", sent, len(files), contact)}
}

// describeTransfer turns a transfer failure into its exit status and
// line, naming the contact and the file it is about.
func describeTransfer(contact, name string, err error) error {
	what := contact
	if name != "" {
		what = contact + ": " + name
	}
	exit := func(code int, msg string) error { return &ExitError{Code: code, Msg: what + ": " + msg, Err: err} }
	var refused *transfer.RefusedError
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, transfer.ErrOffline):
		return exit(ExitRecipient, "offline, unknown or blocking you (a file cannot be stored offline)")
	case errors.Is(err, transfer.ErrDeclined):
		return exit(ExitTransfer, "declined")
	case errors.Is(err, transfer.ErrPeerLeft):
		return exit(ExitTransfer, "left the conversation part-way: the transfer is cancelled")
	case errors.Is(err, transfer.ErrCancelled):
		return exit(ExitTransfer, "cancelled by the contact part-way")
	case errors.Is(err, transfer.ErrNoAnswer) && name != "":
		return exit(ExitTransfer, "not accepted in time (raise --accept-timeout)")
	case errors.Is(err, transfer.ErrNoAnswer):
		return exit(ExitRecipient, "online, but did not join the conversation (their client did not answer)")
	case errors.Is(err, transfer.ErrNoDirect):
		return exit(ExitNetwork, "no direct connection could be made, and --direct-only forbids sending through the server (a firewall? see msn sendfile --help)")
	case errors.As(err, &refused):
		return exit(ExitTransfer, fmt.Sprintf("their client refused the file (%d %s)", refused.Status, refused.Reason))
	}
	code, msg := Describe(err)
	return &ExitError{Code: code, Msg: what + ": " + msg, Err: err}
}
