package msntest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// xmlNode is an element of a parsed request, for handlers that look
// things up the way Escargot's do with lxml: the first child of an element
// found anywhere, descendants by local name in any namespace.
type xmlNode struct {
	name     xml.Name
	attrs    []xml.Attr
	text     string // the text before the first child element, as lxml's .text
	children []*xmlNode
}

// parseXMLTree parses a whole document, which must have exactly one root
// element and nothing but white space, comments and processing
// instructions around it (what lxml accepts). Namespace prefixes are
// resolved: names carry namespace URLs.
func parseXMLTree(body []byte) (*xmlNode, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var root *xmlNode
	var stack []*xmlNode
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name, attrs: t.Attr}
			switch {
			case len(stack) > 0:
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			case root != nil:
				return nil, errors.New("more than one root element")
			default:
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errors.New("text outside the root element")
				}
				continue
			}
			if n := stack[len(stack)-1]; len(n.children) == 0 {
				n.text += string(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

// findAll lists n's descendants (not n itself) named local, in document
// order.
func (n *xmlNode) findAll(local string) []*xmlNode {
	var out []*xmlNode
	var walk func(*xmlNode)
	walk = func(m *xmlNode) {
		for _, c := range m.children {
			if c.name.Local == local {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// find is n's first descendant named local, or nil.
func (n *xmlNode) find(local string) *xmlNode {
	if all := n.findAll(local); len(all) > 0 {
		return all[0]
	}
	return nil
}

// firstChildOf is lxml's find(".//{*}local/{*}*[1]"): the first child
// element of the first element named local that has one, or nil.
func (n *xmlNode) firstChildOf(local string) *xmlNode {
	for _, m := range n.findAll(local) {
		if len(m.children) > 0 {
			return m.children[0]
		}
	}
	return nil
}

// attr returns the value of the attribute space:local.
func (n *xmlNode) attr(space, local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}
