package commands

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"testing"
	"time"
)

// TestConsumedWriterStopsWhereTheReaderStopped: a reader that takes one
// line and closes the pipe (as head -1 does) must leave every later record
// reported as not consumed, however large the pipe's buffer.
func TestConsumedWriterStopsWhereTheReaderStopped(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cw := newConsumedWriter(w)
	if cw.pipe == nil {
		t.Skip("this OS cannot watch a pipe's drain")
	}
	go func() {
		br := bufio.NewReader(r)
		br.ReadString('\n')
		r.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	consumed := 0
	for i := 0; i < 5; i++ {
		if err := cw.Write(ctx, []byte(fmt.Sprintf("record %d\n", i))); err != nil {
			break
		}
		consumed++
	}
	if consumed != 1 {
		t.Fatalf("%d records reported consumed, want 1", consumed)
	}
}

func TestConsumedWriterFile(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cw := newConsumedWriter(f)
	if cw.pipe != nil {
		t.Fatal("a file taken for a pipe")
	}
	if err := cw.Write(context.Background(), []byte("x\n")); err != nil {
		t.Fatal(err)
	}
}
