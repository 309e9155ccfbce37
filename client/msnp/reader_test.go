package msnp

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		dir     Direction
		line    string
		want    Command
		payload int
	}{
		// Server lines from the captured Escargot sessions.
		{FromServer, "VER 1 MSNP18", Command{Name: "VER", TrID: 1, Params: []string{"MSNP18"}}, -1},
		{FromServer, "MSG Hotmail Hotmail 1441", Command{Name: "MSG", TrID: NoTrID, Params: []string{"Hotmail", "Hotmail"}}, 1441},
		{FromServer, "MSG 1234 5678 10", Command{Name: "MSG", TrID: NoTrID, Params: []string{"1234", "5678"}}, 10},
		{FromServer, "GCF 0 1187", Command{Name: "GCF", TrID: 0, Params: nil}, 1187},
		{FromServer, "SBS 0 null", Command{Name: "SBS", TrID: 0, Params: []string{"null"}}, -1},
		{FromServer, "BLP AL", Command{Name: "BLP", TrID: NoTrID, Params: []string{"AL"}}, -1},
		{FromServer, "BLP 5 AL", Command{Name: "BLP", TrID: 5, Params: []string{"AL"}}, -1},
		{FromServer, "QNG 60", Command{Name: "QNG", TrID: NoTrID, Params: []string{"60"}}, -1},
		{FromServer, "ADL 6 OK", Command{Name: "ADL", TrID: 6, Params: []string{"OK"}}, -1},
		{FromServer, "ADL 0 63", Command{Name: "ADL", TrID: 0}, 63},
		{FromServer, "UUX 8 0", Command{Name: "UUX", TrID: 8}, 0},
		{FromServer, "UBX 1:alice@example.com 0", Command{Name: "UBX", TrID: NoTrID, Params: []string{"1:alice@example.com"}}, 0},
		{FromServer, "NOT 120", Command{Name: "NOT", TrID: NoTrID}, 120},
		{FromServer, "RNG 11752013 127.0.0.1:1864 CKI x a@b A", Command{Name: "RNG", TrID: NoTrID, Params: []string{"11752013", "127.0.0.1:1864", "CKI", "x", "a@b", "A"}}, -1},
		{FromServer, "LSG 1 guid", Command{Name: "LSG", TrID: NoTrID, Params: []string{"1", "guid"}}, -1},
		{FromServer, "LST N=carol@example.com F=Carol C=2251 11 1 ", Command{Name: "LST", TrID: NoTrID, Params: []string{"N=carol@example.com", "F=Carol", "C=2251", "11", "1"}}, -1},
		{FromServer, "911 4", Command{Name: "911", TrID: 4}, -1},
		{FromServer, "241 6 20", Command{Name: "241", TrID: 6}, 20},
		{FromServer, "OUT OTH", Command{Name: "OUT", TrID: NoTrID, Params: []string{"OTH"}}, -1},
		{FromServer, "OUT", Command{Name: "OUT", TrID: NoTrID}, -1},
		{FromServer, "CHG 6 NLN 0", Command{Name: "CHG", TrID: 6, Params: []string{"NLN", "0"}}, -1},
		{FromServer, "ILN 6 NLN alice@example.com Alice 0 %3Cmsnobj%2F%3E", Command{Name: "ILN", TrID: 6, Params: []string{"NLN", "alice@example.com", "Alice", "0", "%3Cmsnobj%2F%3E"}}, -1},
		// Client lines.
		{FromClient, "MSG 3 A 154", Command{Name: "MSG", TrID: 3, Params: []string{"A"}}, 154},
		{FromClient, "ADL 6 90", Command{Name: "ADL", TrID: 6}, 90},
		{FromClient, "QRY 7 PROD0090YUAUV{2B 32", Command{Name: "QRY", TrID: 7, Params: []string{"PROD0090YUAUV{2B"}}, 32},
		{FromClient, "PNG", Command{Name: "PNG", TrID: NoTrID}, -1},
		{FromClient, "USR 1 alice@example.com 63d4", Command{Name: "USR", TrID: 1, Params: []string{"alice@example.com", "63d4"}}, -1},
		{FromClient, "XFR 7 SB", Command{Name: "XFR", TrID: 7, Params: []string{"SB"}}, -1},
	}
	for _, tt := range tests {
		got, n, err := ParseLine(tt.dir, tt.line)
		if err != nil {
			t.Errorf("ParseLine(%q): %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) || n != tt.payload {
			t.Errorf("ParseLine(%q) = %#v, %d; want %#v, %d", tt.line, got, n, tt.want, tt.payload)
		}
	}
}

func TestParseLineRejects(t *testing.T) {
	for _, line := range []string{
		"msg 1 A 3",           // lower-case name
		"TOOLONGNAME 1",       // name over 8 characters
		"MSG Hotmail Hotmail", // server MSG without a length
		"NOT",                 // server NOT without a length
		"MSG 1 A -5",          // negative length
		"MSG 1 A +5",          // signed length
		"\x00XX 1",
		"XYZ 99999999999 a", // a TrID beyond 31 bits
		"ADL 00000000000",   // would write back as `ADL 0`, a TrID
	} {
		if _, _, err := ParseLine(FromServer, line); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseLine(%q) err = %v, want ErrMalformed", line, err)
		}
	}
	if _, _, err := ParseLine(FromClient, "MSG 3 A"); !errors.Is(err, ErrMalformed) {
		t.Errorf("client MSG without length: err = %v, want ErrMalformed", err)
	}
}

func TestReaderStream(t *testing.T) {
	stream := "VER 1 MSNP12\r\n\r\nMSG Hotmail Hotmail 5\r\nhelloQNG 60\nCHG 6 NLN 0\r\n"
	r := NewReader(strings.NewReader(stream), FromServer)
	var got []string
	for {
		cmd, err := r.ReadCommand()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, cmd.String()+"|"+string(cmd.Payload))
	}
	want := []string{"VER 1 MSNP12|", "MSG Hotmail Hotmail 5|hello", "QNG 60|", "CHG 6 NLN 0|"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestReaderLimits(t *testing.T) {
	t.Run("line too long", func(t *testing.T) {
		r := NewReaderSize(strings.NewReader("MSG "+strings.Repeat("x", 100)+"\r\n"), FromServer, 64, 1024)
		if _, err := r.ReadCommand(); !errors.Is(err, ErrLineTooLong) {
			t.Fatalf("err = %v, want ErrLineTooLong", err)
		}
	})
	t.Run("payload too large is refused before reading it", func(t *testing.T) {
		// The stream announces 2 GB and holds nothing: a reader that
		// allocated first would die here.
		r := NewReaderSize(strings.NewReader("MSG Hotmail Hotmail 2000000000\r\n"), FromServer, 64, 1024)
		_, err := r.ReadCommand()
		if !errors.Is(err, ErrPayloadTooLarge) {
			t.Fatalf("err = %v, want ErrPayloadTooLarge", err)
		}
		// Sticky.
		if _, err2 := r.ReadCommand(); err2 != err {
			t.Fatalf("second read err = %v, want the same %v", err2, err)
		}
	})
	t.Run("EOF inside a payload", func(t *testing.T) {
		r := NewReader(strings.NewReader("MSG Hotmail Hotmail 10\r\nabc"), FromServer)
		if _, err := r.ReadCommand(); err != io.ErrUnexpectedEOF {
			t.Fatalf("err = %v, want io.ErrUnexpectedEOF", err)
		}
	})
	t.Run("EOF inside a line", func(t *testing.T) {
		r := NewReader(strings.NewReader("VER 1 MSN"), FromServer)
		if _, err := r.ReadCommand(); err != io.ErrUnexpectedEOF {
			t.Fatalf("err = %v, want io.ErrUnexpectedEOF", err)
		}
	})
	t.Run("clean EOF", func(t *testing.T) {
		r := NewReader(strings.NewReader("QNG 60\r\n"), FromServer)
		if _, err := r.ReadCommand(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.ReadCommand(); err != io.EOF {
			t.Fatalf("err = %v, want io.EOF", err)
		}
	})
}

func TestAppendRefusesBrokenFraming(t *testing.T) {
	for _, p := range []string{"", "a b", "a\r\nOUT", "a\nb", "tab\there", "nul\x00", "del\x7f"} {
		_, err := Append(nil, Command{Name: "USR", TrID: 1, Params: []string{"TWN", p}})
		if !errors.Is(err, ErrBadParam) {
			t.Errorf("param %q: err = %v, want ErrBadParam", p, err)
		}
		if err != nil && p != "" && strings.Contains(err.Error(), p) {
			t.Errorf("error %q repeats the parameter value", err)
		}
	}
	if _, err := Append(nil, Command{Name: "us r", TrID: 1}); !errors.Is(err, ErrBadParam) {
		t.Errorf("bad name accepted: %v", err)
	}
}

func TestAppend(t *testing.T) {
	got, err := Append(nil, Command{Name: "MSG", TrID: 3, Params: []string{"A"}, Payload: []byte("hi")})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "MSG 3 A 2\r\nhi" {
		t.Fatalf("got %q", got)
	}
	got, _ = Append(nil, Command{Name: "OUT", TrID: NoTrID})
	if string(got) != "OUT\r\n" {
		t.Fatalf("got %q", got)
	}
	got, _ = Append(nil, Command{Name: "UUX", TrID: 8, Payload: []byte{}})
	if string(got) != "UUX 8 0\r\n" {
		t.Fatalf("got %q", got)
	}
}

func TestErrors(t *testing.T) {
	cmd, _, _ := ParseLine(FromServer, "911 4")
	err := error(AsError(cmd))
	if !errors.Is(err, ErrAuthFailed) || errors.Is(err, ErrNotOnline) {
		t.Fatalf("911 does not match ErrAuthFailed only: %v", err)
	}
	if err.Error() != "msnp: server error 911 (authentication failed)" {
		t.Fatalf("message %q", err)
	}
	if AsError(Command{Name: "USR"}) != nil {
		t.Fatal("USR taken for an error")
	}
	if got := (&Error{Code: 999}).Error(); got != "msnp: server error 999" {
		t.Fatalf("unknown code message %q", got)
	}
	var e *Error
	if !errors.As(err, &e) || e.TrID != 4 {
		t.Fatalf("errors.As: %#v", e)
	}
}

// roundTrip writes cmd and reads it back in dir.
func roundTrip(t testing.TB, dir Direction, cmd Command) Command {
	t.Helper()
	buf, err := Append(nil, cmd)
	if err != nil {
		t.Fatalf("Append(%v): %v", cmd, err)
	}
	got, err := NewReader(bytes.NewReader(buf), dir).ReadCommand()
	if err != nil {
		t.Fatalf("re-read %q: %v", buf, err)
	}
	return got
}
