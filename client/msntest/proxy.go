package msntest

import (
	"io"
	"net"
)

// CuttingProxy listens on a loopback port and forwards each connection
// to target, cutting it (both ways) as the byte after the first limit
// bytes from the client to target comes: a network that breaks part-way,
// for tests of direct connections. It returns the port it listens on and
// a function that stops it.
func CuttingProxy(target string, limit int64) (port int, stop func(), err error) {
	return cuttingProxy(target, limit, -1)
}

// CuttingReplyProxy is CuttingProxy counting the bytes target sends back
// instead: with limit the size of target's handshake, the connection
// breaks as target first answers what the client sent (an ACK of the
// last chunk of a file, say), after the client's bytes all reached it.
func CuttingReplyProxy(target string, limit int64) (port int, stop func(), err error) {
	return cuttingProxy(target, -1, limit)
}

// cuttingProxy cuts each connection once more than up bytes have come
// from the client or more than down from target; -1 is no limit.
func cuttingProxy(target string, up, down int64) (port int, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, nil, err
	}
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			cut := func() { client.Close(); server.Close() }
			go func() { forwardUpTo(client, server, down); cut() }()
			go func() { forwardUpTo(server, client, up); cut() }()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, func() { ln.Close() }, nil
}

// forwardUpTo copies from src to dst until src ends or, with a limit of
// 0 or more, until a byte comes after the first limit (it is dropped).
func forwardUpTo(dst io.Writer, src io.Reader, limit int64) {
	if limit < 0 {
		io.Copy(dst, src)
		return
	}
	if _, err := io.CopyN(dst, src, limit); err != nil {
		return
	}
	src.Read(make([]byte, 1))
}

// FreePort returns a loopback TCP port nothing listens on at the moment
// (another process may take it before the caller does).
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
