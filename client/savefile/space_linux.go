package savefile

import "golang.org/x/sys/unix"

// folderFreeSpace returns the bytes an unprivileged user may still write
// on the filesystem of folder (statfs f_bavail, in units of f_frsize).
func folderFreeSpace(folder string) (uint64, bool, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(folder, &st); err != nil {
		return 0, false, err
	}
	unit := uint64(st.Frsize)
	if unit == 0 {
		unit = uint64(st.Bsize)
	}
	return st.Bavail * unit, true, nil
}
