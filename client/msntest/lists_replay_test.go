package msntest

import (
	"path/filepath"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// TestReplayListCommands replays probe.txt's MSNP12 session (Q-NS) and
// its switchboard (Q-SB): ADC FL and AL of dave, the answer carrying his
// contact id, and the REM AL and REM FL that take him back with it, the
// answers compared as in TestReplayEscargotSessions (ids masked, the
// captured id in REM replaced by the one this server gave).
func TestReplayListCommands(t *testing.T) {
	dir, err := transcript.Dir()
	if err != nil {
		t.Skip(err)
	}
	lines, err := transcript.Parse(filepath.Join(dir, "probe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	runScenario(t, replayScenario{file: "probe.txt", sessions: []replaySession{as(alice, "Q-NS"), as(alice, "Q-SB")}}, lines)
}
