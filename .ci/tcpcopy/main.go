// Command tcpcopy is the yardstick of .ci/bench-transfer: a plain TCP copy
// of a file between two processes on loopback, with the receiving side
// syncing the file to disk as msn receive does.
//
//	tcpcopy recv ADDR FILE   listen on ADDR, write one connection's bytes to FILE
//	tcpcopy send ADDR FILE   connect to ADDR, send FILE
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: tcpcopy recv|send ADDR FILE")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "recv":
		err = recv(os.Args[2], os.Args[3])
	case "send":
		err = send(os.Args[2], os.Args[3])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tcpcopy:", err)
		os.Exit(1)
	}
}

func recv(addr, path string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println("listening") // the sender may go
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	start := time.Now()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, conn)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("%d bytes in %.3fs\n", n, time.Since(start).Seconds())
	return nil
}

func send(addr, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = io.Copy(conn, f)
	return err
}
