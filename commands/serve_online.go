package commands

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/msntest"
	"github.com/msn-cli/msn/client/msntest/echo"
)

// defaultEchoWait is how long an echo waits for its sender by default.
const defaultEchoWait = time.Minute

// echoStartTimeout bounds signing an echo contact in.
const echoStartTimeout = 30 * time.Second

// onlineJob is what msn serve --online keeps running.
type onlineJob struct {
	accounts []serveAccount // the --online ones
	files    string         // --files; "" for a temporary folder
	wait     time.Duration
}

func parseOnlineJob(c *cli.Context, accounts []serveAccount) (onlineJob, error) {
	job := onlineJob{files: c.String("files"), wait: c.Duration("echo-wait")}
	for _, a := range accounts {
		if a.online {
			job.accounts = append(job.accounts, a)
		}
	}
	if len(job.accounts) == 0 && (c.IsSet("files") || c.IsSet("echo-wait")) {
		return job, usageError("--files and --echo-wait go with --online")
	}
	if job.wait < 0 {
		return job, usageError("--echo-wait must not be negative")
	}
	if job.files != "" {
		if fi, err := os.Stat(job.files); err != nil || !fi.IsDir() {
			return job, usageError("--files %s is not a folder", job.files)
		}
	}
	return job, nil
}

// echoContacts are the running echo contacts of msn serve, and where
// they report.
type echoContacts struct {
	contacts []*echo.Contact
	files    string
	tempDir  bool // files is ours, removed at close
	stderr   io.Writer
	mu       sync.Mutex // one report line at a time
}

// start signs every --online account in as an echo contact, and blocks
// until they are all online.
func (job onlineJob) start(ctx context.Context, srv *msntest.Server, stderr io.Writer) (*echoContacts, error) {
	e := &echoContacts{files: job.files, stderr: stderr}
	if len(job.accounts) == 0 {
		return e, nil
	}
	if e.files == "" {
		dir, err := os.MkdirTemp("", "msn-serve-")
		if err != nil {
			return nil, fmt.Errorf("making a folder for the echo contacts' files: %w", err)
		}
		e.files, e.tempDir = dir, true
	}
	silent := map[string]bool{}
	for _, a := range job.accounts {
		silent[a.email] = true
	}
	ctx, cancel := context.WithTimeout(ctx, echoStartTimeout)
	defer cancel()
	for _, a := range job.accounts {
		contact, err := echo.Start(ctx, echo.Config{
			Server: srv.NSAddr(), Services: srv.ServicesURL(), HTTP: srv.HTTPClient(),
			Account: a.email, Password: a.password,
			Files: e.files, Wait: job.wait,
			Silent: func(sender string) bool { return silent[sender] },
			Report: e.report,
		})
		if err != nil {
			e.close()
			return nil, fmt.Errorf("signing %s in as an echo contact: %w", a.email, err)
		}
		e.contacts = append(e.contacts, contact)
	}
	return e, nil
}

// describe is what the settings line adds about the echo contacts.
func (e *echoContacts) describe() string {
	if len(e.contacts) == 0 {
		return ""
	}
	var names []string
	for _, c := range e.contacts {
		names = append(names, c.Account())
	}
	return fmt.Sprintf(", %s online as echo contact(s) saving files into %s", strings.Join(names, ", "), e.files)
}

// close signs the echo contacts out and removes a temporary folder.
func (e *echoContacts) close() {
	var wg sync.WaitGroup
	for _, c := range e.contacts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Close()
		}()
	}
	wg.Wait()
	if e.tempDir {
		os.RemoveAll(e.files)
	}
}

// report writes one line on stderr for an echo contact's event.
func (e *echoContacts) report(ev echo.Event) {
	var line string
	switch ev.Kind {
	case echo.Message:
		line = fmt.Sprintf("%s got %q from %s", ev.Contact, ev.Text, ev.From)
	case echo.Echoed:
		if ev.Offline {
			line = fmt.Sprintf("%s stored its echo of %q for %s as an offline message (not online within --echo-wait)", ev.Contact, ev.Text, ev.From)
		} else {
			line = fmt.Sprintf("%s echoed %q to %s", ev.Contact, ev.Text, ev.From)
		}
	case echo.EchoFailed:
		_, why := Describe(ev.Err)
		line = fmt.Sprintf("%s could not echo %q to %s: %s", ev.Contact, ev.Text, ev.From, why)
	case echo.File:
		line = fmt.Sprintf("%s got file %q from %s (%d bytes, sha256 %x): %s", ev.Contact, ev.Name, ev.From, ev.Saved.Size, ev.Saved.SHA256, ev.Saved.Path)
	case echo.FileFailed:
		line = fmt.Sprintf("%s did not get file %q from %s: %s", ev.Contact, ev.Name, ev.From, describeStop(ev.Err))
	case echo.SignedOut:
		_, why := Describe(ev.Err)
		line = fmt.Sprintf("%s was signed out and stays offline: %s", ev.Contact, why)
	default:
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	fmt.Fprintf(e.stderr, "msn serve: %s\n", line)
}
