//go:build !linux

package savefile

// dropCached does nothing here: the page cache keeps what it likes.
func dropCached(file any, off, n int64) {}
