//go:build !linux && !darwin

package savefile

// folderFreeSpace is unknown here: Create does not check it, and a full
// filesystem shows as ErrNoSpace from Write or Commit.
func folderFreeSpace(string) (uint64, bool, error) { return 0, false, nil }
