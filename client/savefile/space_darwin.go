package savefile

import "golang.org/x/sys/unix"

// folderFreeSpace returns the bytes an unprivileged user may still write
// on the filesystem of folder (statfs f_bavail, in units of f_bsize).
func folderFreeSpace(folder string) (uint64, bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(folder, &st); err != nil {
		return 0, false, err
	}
	return st.Bavail * uint64(st.Bsize), true, nil
}
