package exchange

import (
	"fmt"
	"strings"

	"licsh/shell/value"
)

// filter is a parsed -Filter: whether an object's properties pass it.
type filter func(obj any) bool

// filterToken is one token of an OPATH filter and where it starts (0-based).
type filterToken struct {
	kind string // "(", ")", "op", "str" (quoted), "word", "var" ($true ...), "end"
	text string
	pos  int
}

// filterParser reads the small part of Exchange's OPATH filter language
// that recipient scripts use: comparisons of a property with -eq, -ne,
// -like and -notlike, joined by -and and -or, negated by -not, grouped by
// parentheses; values quoted, bare, or $true, $false and $null.
type filterParser struct {
	text    string
	toks    []filterToken
	i       int
	allowed []string
}

// parseFilter parses a -Filter over the properties allowed (any case).
// A script block's text is its filter, as Exchange takes {Alias -eq 'x'}.
func parseFilter(text string, allowed []string) (filter, error) {
	p := &filterParser{text: text, allowed: allowed}
	if err := p.lex(); err != nil {
		return nil, err
	}
	f, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.toks[p.i]; t.kind != "end" {
		return nil, p.syntax(t.pos)
	}
	return f, nil
}

// syntax is Exchange's refusal of a filter it cannot parse, pos the
// 0-based place where it stopped.
func (p *filterParser) syntax(pos int) error {
	return &exoError{excBinding, fmt.Sprintf("Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"Invalid filter syntax. For a description of the filter parameter syntax see the command help.\n\"%s\" at position %d.\"", p.text, pos+1)}
}

func (p *filterParser) lex() error {
	s := p.text
	for i := 0; ; {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		if i >= len(s) {
			p.toks = append(p.toks, filterToken{kind: "end", pos: i})
			return nil
		}
		start := i
		switch c := s[i]; {
		case c == '(' || c == ')':
			p.toks = append(p.toks, filterToken{kind: string(c), pos: start})
			i++
		case c == '\'' || c == '"':
			var b strings.Builder
			i++
			for {
				if i >= len(s) {
					return p.syntax(start)
				}
				if s[i] == c {
					if i+1 < len(s) && s[i+1] == c {
						b.WriteByte(c)
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			p.toks = append(p.toks, filterToken{kind: "str", text: b.String(), pos: start})
		default:
			for i < len(s) && !strings.ContainsRune(" \t\r\n()'\"", rune(s[i])) {
				i++
			}
			word := s[start:i]
			kind := "word"
			switch {
			case strings.HasPrefix(word, "-") && len(word) > 1:
				kind, word = "op", strings.ToLower(word[1:])
			case strings.HasPrefix(word, "$"):
				kind = "var"
			}
			p.toks = append(p.toks, filterToken{kind: kind, text: word, pos: start})
		}
	}
}

func (p *filterParser) next() filterToken {
	t := p.toks[p.i]
	if t.kind != "end" {
		p.i++
	}
	return t
}

func (p *filterParser) isOp(name string) bool {
	t := p.toks[p.i]
	return t.kind == "op" && t.text == name
}

func (p *filterParser) or() (filter, error) {
	left, err := p.and()
	for err == nil && p.isOp("or") {
		p.next()
		var right filter
		if right, err = p.and(); err == nil {
			l := left
			left = func(o any) bool { return l(o) || right(o) }
		}
	}
	return left, err
}

func (p *filterParser) and() (filter, error) {
	left, err := p.not()
	for err == nil && p.isOp("and") {
		p.next()
		var right filter
		if right, err = p.not(); err == nil {
			l := left
			left = func(o any) bool { return l(o) && right(o) }
		}
	}
	return left, err
}

func (p *filterParser) not() (filter, error) {
	if p.isOp("not") {
		p.next()
		f, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(o any) bool { return !f(o) }, nil
	}
	if p.toks[p.i].kind == "(" {
		p.next()
		f, err := p.or()
		if err != nil {
			return nil, err
		}
		if t := p.next(); t.kind != ")" {
			return nil, p.syntax(t.pos)
		}
		return f, nil
	}
	return p.comparison()
}

func (p *filterParser) comparison() (filter, error) {
	prop := p.next()
	if prop.kind != "word" {
		return nil, p.syntax(prop.pos)
	}
	name := ""
	for _, a := range p.allowed {
		if strings.EqualFold(a, prop.text) {
			name = a
		}
	}
	if name == "" {
		return nil, &exoError{excBinding, fmt.Sprintf("Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"\"%s\" is not a recognized filterable property. For a list of filterable properties see the command help.\n\"%s\" at position %d.\"", prop.text, p.text, prop.pos+1)}
	}
	op := p.next()
	if op.kind != "op" || op.text != "eq" && op.text != "ne" && op.text != "like" && op.text != "notlike" {
		return nil, p.syntax(op.pos)
	}
	v := p.next()
	var want any
	switch {
	case v.kind == "str" || v.kind == "word":
		want = v.text
	case v.kind == "var" && strings.EqualFold(v.text, "$true"):
		want = "True"
	case v.kind == "var" && strings.EqualFold(v.text, "$false"):
		want = "False"
	case v.kind == "var" && strings.EqualFold(v.text, "$null"):
		want = nil
	default:
		return nil, p.syntax(v.pos)
	}
	negate := op.text == "ne" || op.text == "notlike"
	like := op.text == "like" || op.text == "notlike"
	return func(o any) bool {
		got, _ := value.GetMember(o, name)
		return matches(got, want, like) != negate
	}, nil
}

// matches compares a property with a filter's value, as text without
// regard to case: a multi-valued property matches when one of its values
// does, and $null matches a property that is empty.
func matches(got, want any, like bool) bool {
	items, multi := value.Enumerate(got)
	if !multi {
		items = nil
		if got != nil && value.ToString(got) != "" {
			items = []any{got}
		}
	}
	if want == nil {
		return len(items) == 0
	}
	w := want.(string)
	for _, it := range items {
		s := value.ToString(it)
		if like && value.Like(s, w, false) || !like && strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}
