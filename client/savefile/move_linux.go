package savefile

import "golang.org/x/sys/unix"

const renameExclusiveCall = "renameat2"

// renameExclusive is renameat2(RENAME_NOREPLACE).
func renameExclusive(tmp, path string) error {
	return unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_NOREPLACE)
}
