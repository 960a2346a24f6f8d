package syntax

import (
	"encoding/binary"
	"testing"
	"unicode/utf16"
)

func TestDecodeSource(t *testing.T) {
	t.Parallel()
	const text = "'Zoë 😀'\r\n"
	utf16Of := func(order binary.AppendByteOrder, bom bool) []byte {
		var out []byte
		if bom {
			out = order.AppendUint16(out, 0xFEFF)
		}
		for _, u := range utf16.Encode([]rune(text)) {
			out = order.AppendUint16(out, u)
		}
		return out
	}
	utf32Of := func(order binary.AppendByteOrder) []byte {
		out := order.AppendUint32(nil, 0xFEFF)
		for _, r := range text {
			out = order.AppendUint32(out, uint32(r))
		}
		return out
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"UTF-8", []byte(text), text},
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), text},
		{"UTF-16 LE with BOM", utf16Of(binary.LittleEndian, true), text},
		{"UTF-16 BE with BOM", utf16Of(binary.BigEndian, true), text},
		{"UTF-32 LE with BOM", utf32Of(binary.LittleEndian), text},
		{"UTF-32 BE with BOM", utf32Of(binary.BigEndian), text},
		{"UTF-16 LE cut short", append(utf16Of(binary.LittleEndian, true), 'x'), text + "\uFFFD"},
		{"UTF-16 LE, lone surrogate", []byte{0xFF, 0xFE, 0x3D, 0xD8, 'a', 0}, "\uFFFDa"},
		{"empty", nil, ""},
		{"BOM only", []byte{0xFF, 0xFE}, ""},
	}
	for _, tt := range tests {
		if got := DecodeSource(tt.in); got != tt.want {
			t.Errorf("%s: DecodeSource = %q, want %q", tt.name, got, tt.want)
		}
	}
}
