//go:build unix

package savefile

import (
	"os"
	"syscall"
	"testing"
)

// TestCommittedModeFollowsUmask sets the process's umask, so it must not
// run in parallel with tests that create files.
func TestCommittedModeFollowsUmask(t *testing.T) {
	for _, umask := range []int{0o022, 0o077, 0o027, 0} {
		old := syscall.Umask(umask)
		saved := receive(t, Dir{Path: t.TempDir()}, "a.txt", []byte("hi"), 1202)
		syscall.Umask(old)
		info, err := os.Lstat(saved.Path)
		if err != nil {
			t.Fatal(err)
		}
		if want := os.FileMode(0o644 &^ umask); info.Mode() != want {
			t.Fatalf("umask %03o: the saved file has mode %v, want %v", umask, info.Mode(), want)
		}
	}
}
