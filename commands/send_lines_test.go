package commands

import (
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestSendLinesSkipsInvalidUTF8: a line that is not UTF-8 is reported
// with its number and skipped, the lines after it still go, and the run
// ends with exit 8.
func TestSendLinesSkipsInvalidUTF8(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			c := newCLI(t, msntest.Options{})
			bob := c.startPeer("bob@example.com", "bob123", dialectOf(t, p))
			stdin := "first\n\nok \xff\xfe\nthird\n\xc3\nlast\n"
			r := c.runEnv(append(alice, "MSN_PROTOCOL="+p), stdin, "send", "--lines", "bob@example.com")
			r.expect(t, 8,
				"msn: line 3 of standard input is not valid UTF-8 (at byte 3): skipped\n",
				"msn: line 5 of standard input is not valid UTF-8 (at byte 0): skipped\n",
				"msn: skipped 2 of 6 lines, which were not valid UTF-8 (lines 3, 5); the others were delivered\n")
			if got := waitTexts(t, bob, 3); strings.Join(got, "|") != "first|third|last" {
				t.Fatalf("bob got %q", got)
			}
		})
	}
}
