//go:build unix

package commands

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts cmd in a process group of its own, and makes its
// cancellation kill the whole group: what `sh -c` started goes too.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd) }
}

// killGroup kills what is left of the process group of cmd, started with
// ownProcessGroup.
func killGroup(cmd *exec.Cmd) error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
