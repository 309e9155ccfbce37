package transfer

import "syscall"

// unackedBytes is how many bytes the kernel took on the socket that the
// peer has not acknowledged yet (sendQueue, per system).
func unackedBytes(raw syscall.RawConn) (int, error) {
	var n int
	var qerr error
	if err := raw.Control(func(fd uintptr) { n, qerr = sendQueue(fd) }); err != nil {
		return 0, err
	}
	return n, qerr
}
