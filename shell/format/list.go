package format

import (
	"bufio"
	"strings"
)

// listSeparator sits between a property name and its value.
const listSeparator = " : "

// writeListEntry writes one object as "Name : Value" lines, names padded to
// the longest one. Values longer than the line wrap, and their further lines
// (and those of values with line breaks) are indented under the first.
func writeListEntry(out *bufio.Writer, names, values []string, lineWidth int) {
	if len(names) == 0 || lineWidth-len(listSeparator)-2 < 0 {
		return
	}
	labelWidth := 0
	for _, n := range names {
		labelWidth = max(labelWidth, cellWidth(n))
	}
	labelWidth = min(labelWidth, lineWidth-len(listSeparator)-1)
	indent := strings.Repeat(" ", labelWidth+len(listSeparator))
	fieldWidth := lineWidth - labelWidth - len(listSeparator)
	var buf []byte
	for k, name := range names {
		label := head(name, labelWidth)
		label += strings.Repeat(" ", labelWidth-cellWidth(label)) + listSeparator
		for i, l := range splitLines(values[k]) {
			prefix := indent
			if i == 0 {
				prefix = label
			}
			for j, piece := range wrapLines(l, fieldWidth) {
				buf = buf[:0]
				if j == 0 {
					buf = append(buf, prefix...)
				} else {
					buf = append(buf, indent...)
				}
				buf = append(buf, piece...)
				writeTrimmed(out, buf)
			}
		}
	}
}

// listValues reads the named properties of an object as list values.
func listValues(obj any, names []string) []string {
	values := make([]string, len(names))
	for i, n := range names {
		values[i] = cellText(prop(obj, n))
	}
	return values
}
