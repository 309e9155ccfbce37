package transfer

import "golang.org/x/sys/unix"

// sendQueue is SIOCOUTQ: the bytes in the socket's send queue, sent or
// not, that the peer has not acknowledged.
func sendQueue(fd uintptr) (int, error) { return unix.IoctlGetInt(int(fd), unix.SIOCOUTQ) }
