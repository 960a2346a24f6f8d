package syntax

import (
	"math"
	"strconv"
	"strings"
)

// knownScopes are the scope and drive qualifiers that are stored lower-cased.
var knownScopes = map[string]bool{
	"global": true, "local": true, "private": true, "script": true, "using": true,
	"env": true, "variable": true, "function": true, "alias": true, "workflow": true,
}

// splitScope splits "script:x" into its scope and name.
func splitScope(s string) (scope, name string) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i == len(s)-1 {
		return "", s
	}
	scope, name = s[:i], s[i+1:]
	if l := strings.ToLower(scope); knownScopes[l] {
		scope = l
	}
	return scope, name
}

// scanVariable scans $name, ${name}, $scope:name, $?, $$, $^ (or @name when
// splat is set) at i. It returns nil when the sigil is not followed by a
// variable name.
func (p *parser) scanVariable(i int, splat bool) (*VariableExpr, int) {
	j := i + 1
	r := p.at(j)
	switch {
	case r == '{':
		var name strings.Builder
		k := j + 1
		for {
			c := p.at(k)
			if c == eof {
				p.failAt(i, k, "IncompleteDollarVariableReference",
					"${variable} reference starting is missing the closing '}'.", true)
			}
			if c == '}' {
				break
			}
			if c == '`' && p.at(k+1) != eof {
				k++
			}
			name.WriteRune(p.raw(k))
			k += p.width(k)
		}
		if name.Len() == 0 {
			p.failAt(i, k+1, "EmptyVariableReference",
				"An empty ${} variable reference was found. A name is required inside the braces.", false)
		}
		scope, n := splitScope(name.String())
		return &VariableExpr{Span: p.span(i, k+1), Name: n, Scope: scope, Splat: splat}, k + 1
	case !splat && (r == '?' || r == '$' || r == '^'):
		return &VariableExpr{Span: p.span(i, j+1), Name: string(r)}, j + 1
	case isIdent(r):
		k := j
		for p.inVarName(k) {
			k += p.width(k)
		}
		if p.at(k) == ':' && p.at(k+1) != ':' {
			if !p.inVarName(k + 1) {
				p.failAt(i, k+1, "InvalidVariableReferenceWithDrive",
					"Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.", false)
			}
			k++
			for p.inVarName(k) {
				k += p.width(k)
			}
		}
		scope, n := splitScope(p.src[j:k])
		return &VariableExpr{Span: p.span(i, k), Name: n, Scope: scope, Splat: splat}, k
	}
	return nil, i
}

// inVarName reports whether the character at k continues a variable name.
// PowerShell takes ? as a name character (`$done?` is one variable, so
// `${x}?.Name` needs the braces) except before another ?, so that
// `$x??'none'` and `$x??=1` read as operators.
func (p *parser) inVarName(k int) bool {
	r := p.at(k)
	return isIdent(r) || r == '?' && p.at(k+1) != '?'
}

// multipliers are the numeric suffixes kb, mb, gb, tb and pb.
var multipliers = map[string]int64{"kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40, "pb": 1 << 50}

func isHex(r rune) bool { return isDigit(r) || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' }

// scanNumber scans a numeric literal at i, with an optional sign. ok is
// false when the text there is not a number that ends cleanly (`7zip`).
func (p *parser) scanNumber(i int) (val any, end int, ok bool) {
	start := i
	neg := false
	if r := p.at(i); r == '-' || r == '+' {
		neg = r == '-'
		i += p.width(i)
	}
	var (
		ival            int64
		fval            float64
		isFloat, isLong bool
	)
	if p.at(i) == '0' && (p.at(i+1) == 'x' || p.at(i+1) == 'X') {
		j := i + 2
		for isHex(p.at(j)) {
			j++
		}
		if j == i+2 || j-i-2 > 16 {
			return nil, start, false
		}
		u, _ := strconv.ParseUint(p.src[i+2:j], 16, 64)
		i = j
		if r := p.at(i); r == 'l' || r == 'L' {
			isLong = true
			i++
		}
		// PowerShell reads hex digits as the bits of an int or a long, so
		// 0xFFFFFFFF is -1.
		if u <= math.MaxUint32 && !isLong {
			ival = int64(int32(uint32(u)))
		} else {
			ival = int64(u)
		}
		if neg {
			ival = -ival
		}
	} else {
		j := i
		for isDigit(p.at(j)) {
			j++
		}
		if p.at(j) == '.' && isDigit(p.at(j+1)) {
			isFloat = true
			j++
			for isDigit(p.at(j)) {
				j++
			}
		}
		if j == i {
			return nil, start, false
		}
		if r := p.at(j); (r == 'e' || r == 'E') && (isDigit(p.at(j+1)) || (p.at(j+1) == '+' || p.at(j+1) == '-') && isDigit(p.at(j+2))) {
			isFloat = true
			j += 2
			for isDigit(p.at(j)) {
				j++
			}
		}
		text := p.src[i:j]
		if neg {
			text = "-" + text
		}
		switch r := p.at(j); {
		case r == 'l' || r == 'L':
			if isFloat {
				return nil, start, false
			}
			isLong = true
			j++
		case r == 'd' || r == 'D':
			isFloat = true
			j++
		}
		if isFloat {
			fval, _ = strconv.ParseFloat(text, 64)
		} else if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			ival = v
		} else {
			isFloat = true
			fval, _ = strconv.ParseFloat(text, 64)
		}
		i = j
	}
	if j := i + 2; j <= len(p.src) {
		if m, found := multipliers[strings.ToLower(p.src[i:j])]; found {
			i = j
			switch {
			case isFloat:
				fval *= float64(m)
			case ival > math.MaxInt64/m || ival < math.MinInt64/m:
				isFloat = true
				fval = float64(ival) * float64(m)
			default:
				ival *= m
			}
		}
	}
	if isIdent(p.at(i)) {
		return nil, start, false
	}
	switch {
	case isFloat:
		return fval, i, true
	case !isLong && ival >= math.MinInt32 && ival <= math.MaxInt32:
		return int(ival), i, true
	}
	return ival, i, true
}
