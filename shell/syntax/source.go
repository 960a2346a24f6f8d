package syntax

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeSource returns the text of a script file's bytes as PowerShell
// reads them: the byte order mark, when there is one, gives the encoding
// (UTF-8, UTF-16 or UTF-32, little- or big-endian) and is dropped; without
// one the bytes are UTF-8. Windows PowerShell ISE and Out-File of Windows
// PowerShell 5.1 write scripts as UTF-16 with a mark.
func DecodeSource(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return string(b[3:])
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return decodeUTF32(b[4:], binary.LittleEndian)
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return decodeUTF32(b[4:], binary.BigEndian)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeUTF16(b[2:], binary.LittleEndian)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], binary.BigEndian)
	}
	return string(b)
}

// decodeUTF16 decodes UTF-16 units; an odd last byte and unpaired
// surrogates read as U+FFFD, as .NET's decoder reads them.
func decodeUTF16(b []byte, order binary.ByteOrder) string {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = order.Uint16(b[2*i:])
	}
	s := string(utf16.Decode(units))
	if len(b)%2 != 0 {
		s += string(utf8.RuneError)
	}
	return s
}

// decodeUTF32 decodes UTF-32 units; values that are no character read as
// U+FFFD.
func decodeUTF32(b []byte, order binary.ByteOrder) string {
	out := make([]byte, 0, len(b))
	for ; len(b) >= 4; b = b[4:] {
		r := rune(order.Uint32(b))
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	if len(b) > 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return string(out)
}
