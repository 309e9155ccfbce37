package transfer

import "golang.org/x/sys/unix"

// sendQueue is SO_NWRITE: the bytes in the socket's send buffer, which
// keeps them until the peer acknowledges them.
func sendQueue(fd uintptr) (int, error) {
	return unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_NWRITE)
}
