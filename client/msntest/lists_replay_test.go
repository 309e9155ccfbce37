package msntest

import (
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// TestReplayListCommands replays probe.txt's MSNP12 session (Q-NS) and
// its switchboard (Q-SB): ADC FL and AL of dave, the answer carrying his
// contact id, and the REM AL and REM FL that take him back with it, the
// answers compared as in TestReplayEscargotSessions (ids masked, the
// captured id in REM replaced by the one this server gave).
func TestReplayListCommands(t *testing.T) {
	lines := transcript.Transcript(t, "probe.txt")
	runScenario(t, replayScenario{file: "probe.txt", sessions: []replaySession{as(alice, "Q-NS"), as(alice, "Q-SB")}}, lines)
}
