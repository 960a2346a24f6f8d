package format

import (
	"strings"
	"time"
	"unicode/utf8"

	"licsh/shell/value"
)

// enumerationLimit is $FormatEnumerationLimit: how many items of a
// collection a cell shows before "…".
const enumerationLimit = 4

const ellipsis = "…"

// longDate is how pwsh (en-US) shows a [datetime] on its own line:
// ToLongDateString() + " " + ToLongTimeString().
const longDate = "Monday, January 2, 2006 3:04:05 PM"

// shortDate is a [datetime]'s ToString() in en-US, as cells show it; it
// differs from the culture-invariant [string] conversion.
const shortDate = "1/2/2006 3:04:05 PM"

// scalarText is the line Out-Default prints for a value that has no
// properties to lay out.
func scalarText(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.Format(longDate)
	}
	return value.ToString(v)
}

// cellText is a value as a table cell or list entry shows it: collections,
// hashtables included (by their keys), as "{a, b, c, d…}", everything else
// as its ToString().
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case *value.Hashtable:
		entries := v.Entries()
		keys := make([]any, len(entries))
		for i, e := range entries {
			keys[i] = e.Key
		}
		return braceList(keys)
	}
	if items, ok := value.Enumerate(v); ok {
		return braceList(items)
	}
	return cultureString(v)
}

// cultureString is a value's ToString() in en-US.
func cultureString(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.Format(shortDate)
	}
	return value.ToString(v)
}

// braceList shows the first items of a collection between braces.
func braceList(items []any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, it := range items {
		if i == enumerationLimit {
			b.WriteString(ellipsis)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(itemText(it))
	}
	b.WriteByte('}')
	return b.String()
}

// itemText is one item inside braces. Collections nested in a collection are
// not expanded again: .NET types without their own ToString show their type
// name, and $null shows as "$null" so it can be told from an empty string.
func itemText(v any) string {
	switch v.(type) {
	case nil:
		return "$null"
	case []any:
		return "System.Object[]"
	case *value.List:
		return "System.Collections.Generic.List`1[System.Object]"
	case *value.Hashtable:
		return "System.Collections.Hashtable"
	}
	return cultureString(v)
}

// cellWidth is the number of screen cells s takes.
func cellWidth(s string) int { return utf8.RuneCountInString(s) }

// firstLine cuts s at its first line break, marking the cut with "…", as a
// table cell that does not wrap shows it.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + ellipsis
	}
	return s
}

// splitLines splits s at "\n", dropping "\r".
func splitLines(s string) []string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r", "")
	}
	return strings.Split(s, "\n")
}

// head returns the first n runes of s.
func head(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// tail returns the last n runes of s.
func tail(s string, n int) string {
	return string([]rune(s)[max(cellWidth(s)-n, 0):])
}

// wrapLines breaks each line of s into pieces of at most lineWidth cells,
// at spaces and tabs where it can, splitting words longer than a line
// (PowerShell's word wrap for en-US).
func wrapLines(s string, lineWidth int) []string {
	var out []string
	for _, line := range splitLines(s) {
		if cellWidth(line) <= lineWidth || lineWidth <= 0 {
			out = append(out, line)
			continue
		}
		out = append(out, wrapLine(line, lineWidth)...)
	}
	return out
}

func wrapLine(line string, lineWidth int) []string {
	var out []string
	var cur strings.Builder
	left := lineWidth
	for _, word := range splitWords(line) {
		ww := cellWidth(word)
		switch {
		case ww > lineWidth:
			for _, r := range word {
				if left == 0 {
					out = append(out, cur.String())
					cur.Reset()
					left = lineWidth
				}
				cur.WriteRune(r)
				left--
			}
		case ww > left:
			out = append(out, cur.String())
			cur.Reset()
			cur.WriteString(word)
			left = lineWidth - ww
		default:
			cur.WriteString(word)
			left -= ww
		}
	}
	return append(out, cur.String())
}

// splitWords splits a line into words that keep their trailing delimiter.
func splitWords(line string) []string {
	var words []string
	start := 0
	for i, r := range line {
		if r == ' ' || r == '\t' {
			words = append(words, line[start:i+1])
			start = i + 1
		}
	}
	return append(words, line[start:])
}

// hasWildcard reports whether a property name is a wildcard pattern.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?[") }
