package core

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// encodingNames are the values -Encoding accepts, as pwsh 7 spells them.
var encodingNames = []string{"ascii", "bigendianunicode", "bigendianutf32", "oem", "unicode", "utf7", "utf8", "utf8BOM", "utf8NoBOM", "utf32", "default", "latin1"}

// TextReader returns a reader of UTF-8 text from r, skipping a byte order
// mark and decoding UTF-16 files (which always carry one), as PowerShell
// detects a file's encoding from its BOM. Without a BOM the text is UTF-8
// (-Encoding unicode forces little-endian UTF-16).
func TextReader(r io.Reader, encoding string) io.Reader {
	br := bufio.NewReader(r)
	bom, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(bom, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
	case bytes.HasPrefix(bom, []byte{0xFF, 0xFE}):
		br.Discard(2)
		return &utf16Reader{r: br, order: binary.LittleEndian}
	case bytes.HasPrefix(bom, []byte{0xFE, 0xFF}):
		br.Discard(2)
		return &utf16Reader{r: br, order: binary.BigEndian}
	case strings.EqualFold(encoding, "unicode"):
		return &utf16Reader{r: br, order: binary.LittleEndian}
	case strings.EqualFold(encoding, "bigendianunicode"):
		return &utf16Reader{r: br, order: binary.BigEndian}
	}
	return br
}

// utf16Reader decodes UTF-16 into UTF-8 as it is read.
type utf16Reader struct {
	r     *bufio.Reader
	order binary.ByteOrder
	buf   []byte
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.buf) == 0 {
		unit, err := u.unit()
		if err != nil {
			return 0, err
		}
		r := rune(unit)
		if utf16.IsSurrogate(r) {
			if low, err := u.unit(); err == nil {
				r = utf16.DecodeRune(r, rune(low))
			} else {
				r = utf8.RuneError
			}
		}
		u.buf = utf8.AppendRune(u.buf, r)
	}
	n := copy(p, u.buf)
	u.buf = u.buf[n:]
	return n, nil
}

func (u *utf16Reader) unit() (uint16, error) {
	var b [2]byte
	if _, err := io.ReadFull(u.r, b[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		return 0, err
	}
	return u.order.Uint16(b[:]), nil
}

// encodeText converts text to the bytes of the named encoding; bom adds the
// byte order mark that encoding writes at the start of a new file. pwsh 7
// writes UTF-8 without a BOM unless told utf8BOM.
func encodeText(text, encoding string, bom bool) []byte {
	switch strings.ToLower(encoding) {
	case "unicode", "bigendianunicode":
		var order binary.AppendByteOrder = binary.LittleEndian
		mark := []byte{0xFF, 0xFE}
		if strings.EqualFold(encoding, "bigendianunicode") {
			order, mark = binary.BigEndian, []byte{0xFE, 0xFF}
		}
		var out []byte
		if bom {
			out = append(out, mark...)
		}
		for _, unit := range utf16.Encode([]rune(text)) {
			out = order.AppendUint16(out, unit)
		}
		return out
	case "ascii":
		out := make([]byte, 0, len(text))
		for _, r := range text {
			if r > 127 {
				r = '?'
			}
			out = append(out, byte(r))
		}
		return out
	case "utf8bom":
		if bom {
			return append([]byte{0xEF, 0xBB, 0xBF}, text...)
		}
	}
	return []byte(text)
}
