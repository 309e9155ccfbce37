package savefile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestSyncedBytesLeaveTheCache: what a background sync put on disk is
// dropped from the page cache. Only on filesystems whose cache follows
// the advice (not tmpfs, whose pages are the file).
func TestSyncedBytesLeaveTheCache(t *testing.T) {
	dir := t.TempDir()
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	switch st.Type {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC:
	default:
		t.Skipf("the temporary folder's filesystem (%#x) may keep its pages whatever the advice", st.Type)
	}
	file, err := os.OpenFile(filepath.Join(dir, "f"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	const size = 2 << 20
	if _, err := file.Write(content(size)); err != nil {
		t.Fatal(err)
	}
	if resident(t, file, size) == 0 {
		t.Skip("the kernel keeps no page of a file just written: nothing to see")
	}
	s := startSyncer(file, func(err error) { t.Errorf("sync: %v", err) })
	s.request(size)
	for deadline := time.Now().Add(10 * time.Second); resident(t, file, size) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d bytes still cached after a sync", resident(t, file, size), size)
		}
	}
	s.stop()
}

// resident is how many bytes of the first size of file are in the page
// cache.
func resident(t *testing.T, file *os.File, size int) int {
	t.Helper()
	mem, err := unix.Mmap(int(file.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(mem)
	page := os.Getpagesize()
	vec := make([]byte, (size+page-1)/page)
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&mem[0])), uintptr(len(mem)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, v := range vec {
		if v&1 != 0 {
			n += page
		}
	}
	return n
}
