//go:build !unix

package commands

import "os/exec"

// ownProcessGroup leaves cmd as it is: cancelling it kills the process.
func ownProcessGroup(*exec.Cmd) {}

// killGroup kills cmd's process: here, what it started is not known.
func killGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }
