package savefile

import "golang.org/x/sys/unix"

// dropCached tells the kernel that n bytes of file at off, on disk
// already, will not be read soon, so their pages may go (a file that is
// not an *os.File is left alone).
func dropCached(file any, off, n int64) {
	if f, ok := file.(interface{ Fd() uintptr }); ok && n > 0 {
		unix.Fadvise(int(f.Fd()), off, n, unix.FADV_DONTNEED)
	}
}
