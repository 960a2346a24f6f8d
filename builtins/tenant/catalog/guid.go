package catalog

import "strings"

// NormalizeGUID returns s as a lower-case GUID in its 36-character hyphenated
// form. Surrounding spaces, no-break spaces (U+00A0, found in Microsoft's own
// CSV) and one pair of braces are removed first. It reports false when what
// remains is not a GUID.
func NormalizeGUID(s string) (string, bool) {
	s = strings.TrimSpace(s) // unicode.IsSpace includes U+00A0
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	if len(s) != 36 {
		return "", false
	}
	var b [36]byte
	lower := true
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return "", false
			}
		default:
			switch {
			case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
			case 'A' <= c && c <= 'F':
				c += 'a' - 'A'
				lower = false
			default:
				return "", false
			}
		}
		b[i] = c
	}
	if lower {
		return s, true // already normal: no copy, which matters when reading the whole CSV
	}
	return string(b[:]), true
}
