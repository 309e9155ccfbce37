//go:build !unix

package commands

import "os/exec"

// ownProcessGroup leaves cmd as it is: cancelling it kills the process.
func ownProcessGroup(*exec.Cmd) {}
