package p2p

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
)

// FileContextSize is the size of a version 2 file context, the one
// libpurple and this package write; a preview image may follow it.
const FileContextSize = 574

// The Type field of a file context.
const (
	FileTypePreview   uint32 = 0 // a preview image follows the context
	FileTypeNoPreview uint32 = 1
)

// Layout of a file context, all little-endian:
//
//	0   u32  length of the context (574 in version 2)
//	4   u32  version (2, or 3 with extra bytes after the fixed part)
//	8   u64  file size
//	16  u32  type (FileTypePreview, FileTypeNoPreview)
//	20  [520]byte  file name, UTF-16LE, NUL padded (260 units)
//	540 [30]byte   zero
//	570 u32  0xFFFFFFFF
//	574 ...  version 3's extra bytes, then the preview image (type 0)
const (
	ctxNameOffset = 20
	ctxNameUnits  = 260
	ctxNameEnd    = ctxNameOffset + 2*ctxNameUnits
	ctxVersion2   = 2
	ctxVersion3   = 3
)

// FileContext is what the base64 Context field of a file INVITE describes:
// the file's size and name, and possibly a preview image.
type FileContext struct {
	Version uint32 // 2 or 3 when parsed; written as 2
	Size    uint64
	Type    uint32 // FileTypeNoPreview, or FileTypePreview with Preview
	Name    string // the file name as sent, not yet safe as a path
	Preview []byte // the preview image (a PNG), when Type is FileTypePreview
}

// AppendFileContext appends the version 2 wire form of c to dst. A name
// longer than 259 UTF-16 units is cut at a character boundary so that a
// NUL always ends it; a name holding a NUL is refused. c.Version must be 0
// or 2. The preview is written only with FileTypePreview.
func AppendFileContext(dst []byte, c FileContext) ([]byte, error) {
	if c.Version != 0 && c.Version != ctxVersion2 {
		return dst, fmt.Errorf("%w: file context version %d, only 2 is written", ErrMalformed, c.Version)
	}
	if strings.ContainsRune(c.Name, 0) {
		return dst, fmt.Errorf("%w: file name with a NUL", ErrMalformed)
	}
	dst = binary.LittleEndian.AppendUint32(dst, FileContextSize)
	dst = binary.LittleEndian.AppendUint32(dst, ctxVersion2)
	dst = binary.LittleEndian.AppendUint64(dst, c.Size)
	dst = binary.LittleEndian.AppendUint32(dst, c.Type)
	name := nameUnits(c.Name, ctxNameUnits-1)
	for _, u := range name {
		dst = binary.LittleEndian.AppendUint16(dst, u)
	}
	dst = append(dst, make([]byte, 2*(ctxNameUnits-len(name))+30)...)
	dst = binary.LittleEndian.AppendUint32(dst, 0xffffffff)
	if c.Type == FileTypePreview {
		dst = append(dst, c.Preview...)
	}
	return dst, nil
}

// nameUnits encodes name as UTF-16, at most max units, never splitting a
// surrogate pair.
func nameUnits(name string, max int) []uint16 {
	units := make([]uint16, 0, min(len(name), max))
	for _, r := range name {
		n := utf16.RuneLen(r)
		if n < 0 { // not encodable: written as U+FFFD
			r, n = '\uFFFD', 1
		}
		if len(units)+n > max {
			break
		}
		units = utf16.AppendRune(units, r)
	}
	return units
}

// ParseFileContext decodes a file context. It accepts versions 2 and 3; in
// version 2 the length field is not trusted (clients write various values)
// and the context is 574 bytes. The name stops at its first NUL and invalid
// UTF-16 becomes U+FFFD. Preview points into b.
func ParseFileContext(b []byte) (FileContext, error) {
	if len(b) < FileContextSize {
		return FileContext{}, fmt.Errorf("%w: file context of %d bytes, want at least %d", ErrMalformed, len(b), FileContextSize)
	}
	c := FileContext{
		Version: binary.LittleEndian.Uint32(b[4:]),
		Size:    binary.LittleEndian.Uint64(b[8:]),
		Type:    binary.LittleEndian.Uint32(b[16:]),
	}
	size := uint64(FileContextSize)
	switch c.Version {
	case ctxVersion2:
	case ctxVersion3:
		size = uint64(binary.LittleEndian.Uint32(b[0:]))
		if size < FileContextSize || size > uint64(len(b)) {
			return FileContext{}, fmt.Errorf("%w: version 3 file context says %d bytes, has %d", ErrMalformed, size, len(b))
		}
	default:
		return FileContext{}, fmt.Errorf("%w: file context version %d", ErrMalformed, c.Version)
	}
	units := make([]uint16, 0, ctxNameUnits)
	for i := ctxNameOffset; i < ctxNameEnd; i += 2 {
		u := binary.LittleEndian.Uint16(b[i:])
		if u == 0 {
			break
		}
		units = append(units, u)
	}
	c.Name = string(utf16.Decode(units))
	if c.Type == FileTypePreview && uint64(len(b)) > size {
		c.Preview = b[size:len(b):len(b)]
	}
	return c, nil
}

// EncodeFileContext returns c as the base64 text of an INVITE's Context.
func EncodeFileContext(c FileContext) (string, error) {
	b, err := AppendFileContext(nil, c)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// DecodeFileContext reads the base64 Context of a file INVITE.
func DecodeFileContext(s string) (FileContext, error) {
	if len(s) > MaxSLPSize {
		return FileContext{}, fmt.Errorf("%w: file context of %d base64 bytes", ErrTooLarge, len(s))
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return FileContext{}, fmt.Errorf("%w: file context: %v", ErrMalformed, err)
	}
	return ParseFileContext(b)
}
