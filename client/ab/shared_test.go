package ab

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/internal/transcript"
)

// readCaptured reads a captured body of soap/sso-and-addressbook (request
// header block dropped), failing the test when it is missing.
func readCaptured(t testing.TB, name string) []byte {
	t.Helper()
	return transcript.Capture(t, filepath.Join("soap", "sso-and-addressbook", name))
}

// node is an element of a parsed document, for tests that check a
// request's structure: names carry namespace URLs.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	text     string
	children []*node
}

// parseTree parses a whole document strictly.
func parseTree(t testing.TB, body []byte) *node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	var root *node
	var stack []*node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, body)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name, attrs: tk.Copy().Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root != nil {
				t.Fatal("two root elements")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		}
	}
	if root == nil {
		t.Fatal("no root element")
	}
	return root
}

// at follows a path of local names ("Body/ABFindAll/abId"), taking the
// first child of each name, or returns nil.
func (n *node) at(path string) *node {
	cur := n
	for name := range strings.SplitSeq(path, "/") {
		var next *node
		for _, c := range cur.children {
			if c.name.Local == name {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// value is the trimmed text at path, failing the test when it is absent.
func (n *node) value(t testing.TB, path string) string {
	t.Helper()
	m := n.at(path)
	if m == nil {
		t.Fatalf("no %s", path)
	}
	return strings.TrimSpace(m.text)
}

// attr returns the value of the attribute space:local.
func (n *node) attr(space, local string) string {
	for _, a := range n.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// leaves lists "path=value" for every element without children under n,
// in document order, paths relative to n: a request's whole content in a
// comparable form.
func (n *node) leaves() []string {
	var out []string
	var walk func(m *node, prefix string)
	walk = func(m *node, prefix string) {
		for _, c := range m.children {
			p := prefix + c.name.Local
			if len(c.children) == 0 {
				out = append(out, p+"="+strings.TrimSpace(c.text))
				continue
			}
			walk(c, p+"/")
		}
	}
	walk(n, "")
	return out
}
