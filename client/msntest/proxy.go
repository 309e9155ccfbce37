package msntest

import (
	"io"
	"net"
)

// CuttingProxy listens on a loopback port and forwards each connection
// to target, cutting it (both ways) once limit bytes have gone from the
// client to target: a network that breaks part-way, for tests of direct
// connections. It returns the port it listens on and a function that
// stops it.
func CuttingProxy(target string, limit int64) (port int, stop func(), err error) {
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
			go func() { io.Copy(client, server); client.Close() }()
			go func() {
				io.Copy(server, io.LimitReader(client, limit))
				client.Close()
				server.Close()
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, func() { ln.Close() }, nil
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
