package msnp

import (
	"bytes"
	"strings"
	"testing"
)

// A typical server stream: presence lines, a personal message and a
// switchboard message.
var benchStream = []byte(strings.Repeat(
	"NLN NLN 1:bob@example.com Bob 2789003324:48 %3Cmsnobj%2F%3E\r\n"+
		"UBX 1:bob@example.com 53\r\n<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>"+
		"MSG alice@example.com Alice 79\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhello over MSNP18\r\n"+
		"ACK 3\r\n", 250))

func BenchmarkReadCommand(b *testing.B) {
	b.SetBytes(int64(len(benchStream)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := NewReader(bytes.NewReader(benchStream), FromServer)
		for {
			if _, err := r.ReadCommand(); err != nil {
				break
			}
		}
	}
}

func BenchmarkAppend(b *testing.B) {
	cmd := Command{Name: "MSG", TrID: 42, Params: []string{"A"}, Payload: bytes.Repeat([]byte("x"), 1500)}
	buf := make([]byte, 0, 2048)
	b.SetBytes(int64(len(cmd.Payload)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf, _ = Append(buf[:0], cmd)
	}
}
