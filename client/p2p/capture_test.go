package p2p

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// capturedPacket is one packet of shared/reference/libpurple-p2p/
// file-transfer.txt, as a client logged it.
type capturedPacket struct {
	line    int    // in the capture, for messages
	printed string // the header as printed, without the flag's name
	header  Header
	footer  uint32
	dest    string // P2P-Dest on the switchboard; "" on the direct connection
	sentBy  string // "alice" or "bob"
	sent    bool   // logged by its sender (else by its receiver)
	slp     []byte // the SLP text, rebuilt from the printed lines, NUL included
	payload []byte // the data: the printed bytes, zero-filled to Length
	msgSize int    // the MSG payload size the sender's MSG line gave (0: unknown)
	dcFrame int    // on the direct connection: the frame length printed
}

var (
	capHeaderRe  = regexp.MustCompile(`P2P v1: (SessionID=(\d+) ID=(\d+) Offset=(\d+) TotalSize=(\d+) Length=(\d+) Flags=0x([0-9a-f]+)) \([^)]*\) (AckID=(\d+) AckUID=(\d+) AckSize=(\d+))(?: Footer/AppID=(\d+))?$`)
	capPayloadRe = regexp.MustCompile(`\] (alice|bob) +\((sent|received) MSG payload\) .*P2P-Dest: (\S+)$`)
	capMSGRe     = regexp.MustCompile(`\] (alice|bob) +SB >>> MSG \d+ D (\d+)$`)
	capFrameRe   = regexp.MustCompile(`frame \d+: u32 length=(\d+)$`)
	capDataRe    = regexp.MustCompile(`^\s+payload (\d+) bytes: ([0-9a-f ]+)`)
	capDCRe      = regexp.MustCompile(`^--- DC stream, alice (sent|received) `)
)

// captureFile finds the capture (the repository's copy under testdata/),
// failing the test when it is missing.
func captureFile(t testing.TB) string {
	t.Helper()
	dir, err := transcript.SharedPath("reference/libpurple-p2p")
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "file-transfer.txt")
}

// capturedPackets reads every packet the capture prints, in order.
func capturedPackets(t testing.TB) []capturedPacket {
	t.Helper()
	data, err := os.ReadFile(captureFile(t))
	if err != nil {
		t.Fatal(err)
	}
	var out []capturedPacket
	var cur *capturedPacket
	var slpLines []string
	ctx := struct {
		who, dest string
		sent      bool
		frame     int
	}{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := capPayloadRe.FindStringSubmatch(line); m != nil {
			ctx.who, ctx.sent, ctx.dest, ctx.frame = m[1], m[2] == "sent", m[3], 0
			continue
		}
		if m := capDCRe.FindStringSubmatch(line); m != nil {
			ctx.who = map[string]string{"sent": "alice", "received": "bob"}[m[1]]
			continue
		}
		if m := capFrameRe.FindStringSubmatch(line); m != nil {
			ctx.frame, _ = strconv.Atoi(m[1])
			continue
		}
		if m := capHeaderRe.FindStringSubmatch(line); m != nil {
			out = append(out, capturedPacket{line: n, printed: m[1] + " " + m[8], header: Header{
				SessionID: uint32(atou(t, m[2])), ID: uint32(atou(t, m[3])), Offset: atou(t, m[4]),
				TotalSize: atou(t, m[5]), Length: uint32(atou(t, m[6])), Flags: uint32(atoh(t, m[7])),
				AckID: uint32(atou(t, m[9])), AckUID: uint32(atou(t, m[10])), AckSize: atou(t, m[11]),
			}})
			cur = &out[len(out)-1]
			if m[12] != "" {
				cur.footer = uint32(atou(t, m[12]))
			}
			if ctx.frame > 0 {
				cur.dcFrame, cur.sentBy = ctx.frame, ctx.who
			} else {
				cur.dest, cur.sentBy, cur.sent = ctx.dest, ctx.who, ctx.sent
				if !ctx.sent {
					cur.sentBy = map[string]string{"alice": "bob", "bob": "alice"}[ctx.who]
				}
			}
			continue
		}
		if cur == nil {
			continue
		}
		switch text, isSLP := strings.CutPrefix(line, "      | "); {
		case text == "(body ends with a NUL byte)":
			cur.slp = []byte(strings.Join(slpLines, "\r\n") + "\x00")
			slpLines = nil
		case isSLP:
			slpLines = append(slpLines, text)
		case capDataRe.MatchString(line):
			m := capDataRe.FindStringSubmatch(line)
			b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(m[2]), " ", ""))
			if err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
			cur.payload = append(b, make([]byte, int(atou(t, m[1]))-len(b))...)
		default:
			if m := capMSGRe.FindStringSubmatch(line); m != nil && cur.sent && m[1] == cur.sentBy && cur.msgSize == 0 {
				cur.msgSize, _ = strconv.Atoi(m[2])
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// body is the packet's payload: its SLP text or its data.
func (c capturedPacket) body() []byte {
	if c.slp != nil {
		return c.slp
	}
	if c.payload != nil {
		return c.payload
	}
	return []byte{}
}

func atou(t testing.TB, s string) uint64 { return parseUint(t, s, 10) }
func atoh(t testing.TB, s string) uint64 { return parseUint(t, s, 16) }

func parseUint(t testing.TB, s string, base int) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// capturedSLP returns the first SLP text of each size in the capture: the
// file INVITE (1192) and its 200 OK (328) of part 1, the transreqbody
// INVITE (408) and transrespbody 200 OK (441) of part 2.
func capturedSLP(t testing.TB) map[int][]byte {
	t.Helper()
	out := map[int][]byte{}
	for _, c := range capturedPackets(t) {
		if _, ok := out[len(c.slp)]; c.slp != nil && !ok {
			out[len(c.slp)] = c.slp
		}
	}
	return out
}

// capturedContext is the base64 file context of the captured INVITE.
func capturedContext(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(captureFile(t))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Context: (\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no Context in the capture")
	}
	return string(m[1])
}
