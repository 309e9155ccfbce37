package commands

import (
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress draws one transfer's progress bar on stderr when it is a
// terminal and the run is not --quiet; otherwise it draws nothing. The
// bar shows the name, bytes, rate and time left, and is cleared when the
// transfer ends.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress starts a bar for a transfer of size bytes called name.
func newProgress(s *settings, name string, size uint64) *progress {
	if s.Quiet || !isTerminal(s.Stderr) {
		return &progress{}
	}
	bar := progressbar.NewOptions64(int64(size),
		progressbar.OptionSetWriter(s.Stderr),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionFullWidth(),
	)
	return &progress{bar: bar}
}

// set moves the bar to done bytes.
func (p *progress) set(done uint64) {
	if p.bar != nil {
		p.bar.Set64(int64(done))
	}
}

// clear removes the bar from the terminal.
func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Clear()
		p.bar.Exit()
	}
}
