package savefile

import "golang.org/x/sys/unix"

const renameExclusiveCall = "renameatx_np"

// renameExclusive is renameatx_np(RENAME_EXCL).
func renameExclusive(tmp, path string) error {
	return unix.RenameatxNp(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_EXCL)
}
