package commands

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/im"
)

// sendLines sends each line of stdin as it arrives, to every contact,
// over conversations kept open for the whole stream. A line that is not
// valid UTF-8 is reported and skipped, and the stream goes on: the run
// then ends with exit 8 (partly done). A line that cannot be delivered
// ends the run with its failure.
func sendLines(c *cli.Context, s *settings, job sendJob, rep *sendReport) error {
	sess, err := openSession(c.Context, c, s, sessionOptions{})
	if err != nil {
		return rep.runFailed(err)
	}
	defer closeSession(sess)
	opts, err := conversationOptions(s, sess, job)
	if err != nil {
		return rep.runFailed(err)
	}
	groups := job.conversations()
	var convs []*im.Conversation
	defer func() {
		ctx, cancel := cleanupContext()
		defer cancel()
		for _, conv := range convs {
			conv.Close(ctx)
		}
	}()
	for _, to := range groups {
		ctx, cancel := context.WithTimeout(c.Context, s.Timeout)
		conv, err := im.Open(ctx, sess, to, opts)
		cancel()
		if err != nil {
			return rep.runFailed(withTimeout(err, s.Timeout))
		}
		convs = append(convs, conv)
	}
	lines, readErr := readLines(c.Context, s.Stdin)
	read, sent := 0, 0
	var skipped []int // line numbers
	for {
		var text string
		var more bool
		select {
		case text, more = <-lines:
		case <-c.Context.Done():
			return c.Context.Err()
		}
		if !more {
			break
		}
		read++
		if at := invalidUTF8At(text); at >= 0 {
			reason := fmt.Sprintf("not valid UTF-8 (at byte %d): skipped", at)
			fmt.Fprintf(s.Stderr, "msn: line %d of standard input is %s\n", read, reason)
			skipped = append(skipped, read)
			if err := rep.failedAll(errors.New(reason), read); err != nil {
				return err
			}
			continue
		}
		line := trimNewline(text)
		if strings.TrimSpace(line) == "" {
			continue
		}
		ctx, cancel := context.WithTimeout(c.Context, s.Timeout)
		var results []delivery
		for _, conv := range convs {
			results = append(results, deliveries(conv.Send(ctx, line))...)
		}
		cancel()
		for i := range results {
			results[i].Err = withTimeout(results[i].Err, s.Timeout)
		}
		if err := rep.summarize(results, read); err != nil {
			var ee *ExitError
			if errors.As(err, &ee) {
				return &ExitError{Code: ee.Code, Msg: fmt.Sprintf("%s (at line %d; %d lines delivered before it)", ee.Msg, read, sent), Err: ee.Err}
			}
			return err
		}
		sent++
	}
	if err := c.Context.Err(); err != nil {
		return err
	}
	if err := readErr(); err != nil {
		return usageError("reading standard input after %d lines: %v", read, err)
	}
	if len(skipped) > 0 {
		return &ExitError{Code: ExitPartial, Msg: fmt.Sprintf("skipped %d of %d lines, which were not valid UTF-8 (%s); the others were delivered", len(skipped), read, lineList(skipped))}
	}
	return nil
}

// lineList names line numbers: "line 3", "lines 3, 7", or the first few
// and how many more.
func lineList(lines []int) string {
	const shown = 5
	var b strings.Builder
	b.WriteString("line")
	if len(lines) > 1 {
		b.WriteString("s")
	}
	for i, n := range lines[:min(len(lines), shown)] {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %d", n)
	}
	if len(lines) > shown {
		fmt.Fprintf(&b, " and %d more", len(lines)-shown)
	}
	return b.String()
}

// readLines reads r line by line on a goroutine of its own, so that the
// caller can stop waiting when ctx is done (a blocked read cannot be
// interrupted; the goroutine then ends with the process). The channel is
// closed at the end of input; err, valid after that, says why reading
// stopped.
func readLines(ctx context.Context, r io.Reader) (lines <-chan string, err func() error) {
	ch := make(chan string)
	var readErr error
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), maxBody)
		for sc.Scan() {
			select {
			case ch <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr = sc.Err()
	}()
	return ch, func() error { return readErr }
}
