package msnp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// FuzzReader reads arbitrary bytes as a stream from either side. Whatever it
// accepts must write back and read again as the same command (round trip
// stable), and nothing may panic or read past the limits.
//
// The committed corpus in testdata/fuzz/FuzzReader holds every captured
// Escargot session, one stream per session and direction; regenerate it with
// MSNP_UPDATE_CORPUS=1 go test -run TestUpdateFuzzCorpus.
func FuzzReader(f *testing.F) {
	f.Add([]byte("VER 1 MSNP18\r\nMSG Hotmail Hotmail 5\r\nhello"), true)
	f.Add([]byte("MSG 3 A 2\r\nhi"), false)
	f.Fuzz(func(t *testing.T, data []byte, fromServer bool) {
		dir := FromClient
		if fromServer {
			dir = FromServer
		}
		r := NewReaderSize(bytes.NewReader(data), dir, 512, 4096)
		for i := 0; i < 64; i++ {
			cmd, err := r.ReadCommand()
			if err != nil {
				return
			}
			if len(cmd.Payload) > 4096 {
				t.Fatalf("payload of %d bytes passed the 4096 limit", len(cmd.Payload))
			}
			again := roundTrip(t, dir, cmd)
			if !reflect.DeepEqual(again, cmd) {
				t.Fatalf("round trip changed %#v into %#v", cmd, again)
			}
		}
	})
}

// TestUpdateFuzzCorpus writes the captured sessions as FuzzReader seeds.
func TestUpdateFuzzCorpus(t *testing.T) {
	if os.Getenv("MSNP_UPDATE_CORPUS") == "" {
		t.Skip("set MSNP_UPDATE_CORPUS=1 to regenerate testdata/fuzz/FuzzReader")
	}
	dir, err := transcript.Dir()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	out := filepath.Join("testdata", "fuzz", "FuzzReader")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		lines, err := transcript.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		streams := map[string]*bytes.Buffer{}
		var order []string
		for _, l := range transcript.MSNP(lines) {
			key := fmt.Sprintf("%s-%s-%v", strings.TrimSuffix(filepath.Base(f), ".txt"), l.Session, !l.FromMe)
			if streams[key] == nil {
				streams[key] = &bytes.Buffer{}
				order = append(order, key)
			}
			streams[key].WriteString(l.Text + "\r\n")
			if l.HasBody {
				streams[key].Write(l.PayloadBytes())
			}
		}
		for _, key := range order {
			fromServer := strings.HasSuffix(key, "true")
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nbool(%v)\n", streams[key].Bytes(), fromServer)
			if err := os.WriteFile(filepath.Join(out, key), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
