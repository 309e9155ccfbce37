package rsi

import (
	"encoding/base64"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// readCaptured reads a captured body of soap/offline-messages (request
// header block dropped), failing the test when it is missing.
func readCaptured(t testing.TB, name string) []byte {
	t.Helper()
	return transcript.Capture(t, filepath.Join("soap", "offline-messages", name))
}

// readTranscript reads transcripts/name as text.
func readTranscript(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(transcript.EscargotDir(t), "transcripts", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// capturedCookieTicket is the compact ticket the captured rsi requests
// were made with, rebuilt from their PassportCookie (t without "t=", an
// empty p).
func capturedCookieTicket(t testing.TB) string {
	t.Helper()
	m := regexp.MustCompile(`<t>([^<]+)</t>`).FindSubmatch(readCaptured(t, "06-rsi_rsi.asmx.request.xml"))
	if m == nil {
		t.Fatal("no <t> in the captured request")
	}
	return "t=" + string(m[1]) + "&p="
}

// sentText is the text of a captured Store2 request (03 or 04): its
// Content's base64 body, decoded.
func sentText(t testing.TB, name string) string {
	t.Helper()
	req := string(readCaptured(t, name))
	m := regexp.MustCompile(`(?s)<Content[^>]*>(.*?)</Content>`).FindStringSubmatch(req)
	if m == nil {
		t.Fatalf("%s has no Content", name)
	}
	_, body, ok := strings.Cut(strings.ReplaceAll(html.UnescapeString(m[1]), "\r\n", "\n"), "\n\n")
	if !ok {
		t.Fatalf("%s: Content has no body", name)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(raw)
}

// The two messages of the captured run (requests 03 and 04, fetched as
// 07 and 08), as the captured listing (06) names them.
var (
	capturedIDs      = []string{"E888A24B-16ED-4C58-B3A0-D0A1E0578D41", "4218CD8F-0212-4450-9010-B0C51CD05D2B"}
	capturedRunID    = "{33C34A79-A799-4BA2-8DFD-4DC7CF10704A}"
	capturedReceived = time.Date(2026, 11, 24, 21, 12, 40, 0, time.UTC)
	capturedSizes    = []int{989, 937}
)
