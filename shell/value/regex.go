package value

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// NewRegex compiles a .NET regular expression for Go: named groups
// (?<name>...) and (?'name'...) become (?P<name>...), \Z becomes $, and
// matching is case-insensitive unless caseSensitive. Constructs Go cannot
// run (lookaround, backreferences) give PowerShell's invalid-pattern error.
func NewRegex(pattern string, caseSensitive bool) (*Regex, error) {
	key := regexKey{pattern, caseSensitive}
	regexCache.Lock()
	r, ok := regexCache.m[key]
	regexCache.Unlock()
	if ok {
		return r, nil
	}
	src := translateRegex(pattern)
	if !caseSensitive {
		src = "(?i)" + src
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, newError("InvalidRegularExpression", "InvalidOperation",
			"The regular expression pattern %s is not valid.", pattern)
	}
	r = &Regex{Pattern: pattern, Re: re}
	regexCache.Lock()
	if len(regexCache.m) >= 1000 {
		regexCache.m = map[regexKey]*Regex{} // scripts use few patterns; a full cache means one-off ones
	}
	regexCache.m[key] = r
	regexCache.Unlock()
	return r, nil
}

type regexKey struct {
	pattern       string
	caseSensitive bool
}

// regexCache keeps compiled patterns, since scripts apply the same -match
// or -replace to every row of a large input.
var regexCache = struct {
	sync.Mutex
	m map[regexKey]*Regex
}{m: map[regexKey]*Regex{}}

func translateRegex(p string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			if p[i+1] == 'Z' && !inClass {
				b.WriteByte('$')
			} else {
				b.WriteString(p[i : i+2])
			}
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`) // a leading ] is a literal in .NET
				i++
			}
		case c == '(' && strings.HasPrefix(p[i:], "(?<") && i+3 < len(p) && p[i+3] != '=' && p[i+3] != '!':
			b.WriteString("(?P<")
			i += 2
		case c == '(' && strings.HasPrefix(p[i:], "(?'"):
			end := strings.IndexByte(p[i+3:], '\'')
			if end < 0 {
				b.WriteByte(c)
				continue
			}
			b.WriteString("(?P<" + p[i+3:i+3+end] + ">")
			i += 3 + end
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// groupOrder lists Go submatch indexes in .NET's group numbering: group 0,
// then the unnamed groups, then the named ones.
func (r *Regex) groupOrder() []int {
	names := r.Re.SubexpNames()
	order := []int{0}
	for i := 1; i < len(names); i++ {
		if names[i] == "" {
			order = append(order, i)
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i] != "" {
			order = append(order, i)
		}
	}
	return order
}

// matchTable builds $Matches for one match (loc as from
// FindStringSubmatchIndex): every group that took part, keyed by number or
// name, last group first and group 0 last, as PowerShell lists them.
func (r *Regex) matchTable(s string, loc []int) *Hashtable {
	h := NewHashtable()
	names := r.Re.SubexpNames()
	order := r.groupOrder()
	for n := len(order) - 1; n >= 0; n-- {
		g := order[n]
		if loc[2*g] < 0 {
			continue
		}
		text := s[loc[2*g]:loc[2*g+1]]
		if names[g] != "" {
			h.Set(names[g], text)
		} else {
			h.Set(n, text)
		}
	}
	return h
}

// goTemplate translates a .NET replacement ($1, ${name}, $0, $&, $$) to a
// Go Expand template; references to groups that do not exist stay literal,
// as in .NET.
func (r *Regex) goTemplate(repl string) string {
	order := r.groupOrder()
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '$' || i+1 == len(repl) {
			if c == '$' {
				b.WriteString("$$")
			} else {
				b.WriteByte(c)
			}
			continue
		}
		rest := repl[i+1:]
		switch {
		case rest[0] == '$':
			b.WriteString("$$")
			i++
		case rest[0] == '&':
			b.WriteString("${0}")
			i++
		case rest[0] >= '0' && rest[0] <= '9':
			j := 0
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(rest[:j])
			if err != nil || n >= len(order) {
				b.WriteString("$$")
				continue
			}
			b.WriteString("${" + strconv.Itoa(order[n]) + "}")
			i += j
		case rest[0] == '{':
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				b.WriteString("$$")
				continue
			}
			name := rest[1:end]
			if n, err := strconv.Atoi(name); err == nil && n >= 0 && n < len(order) {
				b.WriteString("${" + strconv.Itoa(order[n]) + "}")
			} else if r.Re.SubexpIndex(name) > 0 {
				b.WriteString("${" + name + "}")
			} else {
				b.WriteString("$$" + rest[:end+1])
			}
			i += end + 1
		default:
			b.WriteString("$$")
		}
	}
	return b.String()
}

// Replace replaces every match, with .NET replacement syntax.
func (r *Regex) Replace(s, repl string) string {
	return r.Re.ReplaceAllString(s, r.goTemplate(repl))
}

// Split splits s as .NET's Regex.Split does, captured groups included in
// the result. max > 0 limits the number of parts; max < 0 limits them
// counting from the end of the string; 0 means no limit.
func (r *Regex) Split(s string, max int) []any {
	locs := r.Re.FindAllStringSubmatchIndex(s, -1)
	if max > 0 && len(locs) > max-1 {
		locs = locs[:max-1]
	}
	if max < 0 && len(locs) > -max-1 {
		locs = locs[len(locs)-(-max-1):]
	}
	order := r.groupOrder()
	parts := []any{}
	prev := 0
	for _, loc := range locs {
		parts = append(parts, s[prev:loc[0]])
		for _, g := range order[1:] {
			if loc[2*g] >= 0 {
				parts = append(parts, s[loc[2*g]:loc[2*g+1]])
			}
		}
		prev = loc[1]
	}
	return append(parts, s[prev:])
}

// RegexUnescape is .NET's Regex.Unescape, which ConvertFrom-StringData and
// [regex]::Unescape apply: \n, \t and the other character escapes, \xhh,
// \uhhhh, \cX and octal become their characters, a backslash before any
// other character that is not a letter, digit or '_' is dropped, and the
// rest is .NET's invalid-pattern error, whose offset counts from 1 past the
// escape.
func RegexUnescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	rs := []rune(s)
	fail := func(at int, reason string) (string, error) {
		return "", newError("ArgumentException", "NotSpecified", "Invalid pattern '%s' at offset %d. %s", s, at, reason)
	}
	hex := func(at, n int) (rune, bool) {
		if at+n > len(rs) {
			return 0, false
		}
		v, err := strconv.ParseUint(string(rs[at:at+n]), 16, 32)
		return rune(v), err == nil
	}
	simple := map[rune]rune{'a': 7, 'b': '\b', 't': '\t', 'r': '\r', 'v': '\v', 'f': '\f', 'n': '\n', 'e': 27}
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if rs[i] != '\\' {
			b.WriteRune(rs[i])
			continue
		}
		i++
		if i == len(rs) {
			return fail(i, `Illegal \ at end of pattern.`)
		}
		c := rs[i]
		switch {
		case simple[c] != 0:
			b.WriteRune(simple[c])
		case c == 'x' || c == 'u':
			n := 2
			if c == 'u' {
				n = 4
			}
			v, ok := hex(i+1, n)
			if !ok {
				return fail(min(i+1+n, len(rs)), "Insufficient hexadecimal digits.")
			}
			b.WriteRune(v)
			i += n
		case c == 'c':
			if i+1 == len(rs) {
				return fail(i+1, "Missing control character.")
			}
			ctl := rs[i+1] | 0x20 // either case names the same control
			if ctl < 'a' || ctl > 'z' {
				return fail(i+2, "Unrecognized control character.")
			}
			b.WriteRune(ctl - 'a' + 1)
			i++
		case c >= '0' && c <= '7':
			v := rune(0)
			j := i
			for ; j < len(rs) && j < i+3 && rs[j] >= '0' && rs[j] <= '7'; j++ {
				v = v*8 + rs[j] - '0'
			}
			b.WriteRune(v & 0xFF)
			i = j - 1
		case c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c):
			return fail(i+1, `Unrecognized escape sequence \`+string(c)+".")
		default:
			b.WriteRune(c)
		}
	}
	return b.String(), nil
}
