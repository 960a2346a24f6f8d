package value

import (
	"strings"
	"time"
)

// caseOps are the operators that take a c (case-sensitive) or i
// (case-insensitive) prefix.
var caseOps = map[string]bool{
	"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true,
	"like": true, "notlike": true, "match": true, "notmatch": true,
	"replace": true, "split": true, "contains": true, "notcontains": true,
	"in": true, "notin": true,
}

// Binary evaluates a binary operator on two evaluated operands. op is
// spelled as in PowerShell, in lower case ("+", "-eq", "-cmatch", ...).
// The left operand decides the type for comparison and arithmetic; a
// collection on the left of a comparison, -like or -match filters it. When
// -match or -notmatch finds a match on a single value, matches is what
// $Matches must be set to.
func Binary(op string, x, y any) (v any, matches *Hashtable, err error) {
	base, cs := op, false
	if len(op) > 2 && op[0] == '-' && (op[1] == 'c' || op[1] == 'i') && caseOps[op[2:]] {
		base, cs = "-"+op[2:], op[1] == 'c'
	}
	switch base {
	case "+", "-", "*", "/", "%":
		v, err = arithmetic(base, x, y)
	case "..":
		v, err = rangeOp(x, y)
	case "-f":
		args, ok := Enumerate(y)
		if !ok {
			args = []any{y}
		}
		v, err = Format(ToString(x), args)
	case "-eq", "-ne", "-gt", "-ge", "-lt", "-le":
		v, err = filterOrTest(x, func(e any) (bool, error) { return compareOp(base, e, y, cs) })
	case "-like", "-notlike":
		pattern := ToString(y)
		v, err = filterOrTest(x, func(e any) (bool, error) {
			return Like(ToString(e), pattern, cs) == (base == "-like"), nil
		})
	case "-match", "-notmatch":
		return matchOp(base == "-match", x, y, cs)
	case "-replace":
		v, err = replaceOp(x, y, cs)
	case "-split":
		v, err = splitOp(x, y, cs)
	case "-join":
		v = joinOp(x, ToString(y))
	case "-contains", "-notcontains":
		v = containsAny(x, y, cs) == (base == "-contains")
	case "-in", "-notin":
		v = containsAny(y, x, cs) == (base == "-in")
	case "-is", "-isnot":
		var is bool
		is, err = IsType(x, typeArg(y))
		v = is == (base == "-is")
	case "-as":
		v, err = Convert(x, typeArg(y))
		if e, ok := err.(*Error); ok && e.ID != "TypeNotFound" {
			v, err = nil, nil
		}
	case "-and":
		v = ToBool(x) && ToBool(y)
	case "-or":
		v = ToBool(x) || ToBool(y)
	case "-xor":
		v = ToBool(x) != ToBool(y)
	case "-band", "-bor", "-bxor", "-shl", "-shr":
		v, err = bitwise(base, x, y)
	default:
		err = newError("UnknownOperator", "InvalidOperation", "Unknown operator '%s'.", op)
	}
	if err != nil {
		return nil, nil, err
	}
	return v, nil, nil
}

// filterOrTest applies test to a single value (giving a bool) or to each
// element of a collection (giving the elements that pass).
func filterOrTest(x any, test func(any) (bool, error)) (any, error) {
	items, isColl := Enumerate(x)
	if !isColl {
		return test(x)
	}
	out := []any{}
	for _, e := range items {
		ok, err := test(e)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

func compareOp(op string, x, y any, cs bool) (bool, error) {
	switch op {
	case "-eq":
		return Equal(x, y, cs), nil
	case "-ne":
		return !Equal(x, y, cs), nil
	}
	c, err := Compare(x, y, cs)
	if err != nil {
		return false, err
	}
	switch op {
	case "-gt":
		return c > 0, nil
	case "-ge":
		return c >= 0, nil
	case "-lt":
		return c < 0, nil
	}
	return c <= 0, nil
}

// regexArg reads a pattern operand: a [regex] keeps its pattern, anything
// else is converted to a string.
func regexArg(y any, cs bool) (*Regex, error) {
	if r, ok := y.(*Regex); ok {
		return NewRegex(r.Pattern, cs)
	}
	return NewRegex(ToString(y), cs)
}

func matchOp(want bool, x, y any, cs bool) (any, *Hashtable, error) {
	re, err := regexArg(y, cs)
	if err != nil {
		return nil, nil, err
	}
	if items, ok := Enumerate(x); ok {
		out := []any{}
		for _, e := range items {
			if re.Re.MatchString(ToString(e)) == want {
				out = append(out, e)
			}
		}
		return out, nil, nil
	}
	s := ToString(x)
	loc := re.Re.FindStringSubmatchIndex(s)
	if loc == nil {
		return !want, nil, nil
	}
	return want, re.matchTable(s, loc), nil
}

func replaceOp(x, y any, cs bool) (any, error) {
	var pattern, repl any
	switch args, _ := Enumerate(y); {
	case args == nil:
		pattern = y
	case len(args) == 1:
		pattern = args[0]
	case len(args) == 2:
		pattern, repl = args[0], args[1]
	default:
		return nil, newError("BadReplaceArgument", "InvalidOperation",
			"The -replace operator allows only two elements to follow it, not %d.", len(args))
	}
	re, err := regexArg(pattern, cs)
	if err != nil {
		return nil, err
	}
	template := re.goTemplate(ToString(repl))
	if items, ok := Enumerate(x); ok {
		out := make([]any, len(items))
		for i, e := range items {
			out[i] = re.Re.ReplaceAllString(ToString(e), template)
		}
		return out, nil
	}
	return re.Re.ReplaceAllString(ToString(x), template), nil
}

// ReplaceFunc is -replace with a script block: each match of pattern in x
// (each item of a collection) is replaced by what fn returns for the match
// object ($_ in the block: Value, Index, Groups).
func ReplaceFunc(x, pattern any, caseSensitive bool, fn func(m *Object) (string, error)) (any, error) {
	re, err := regexArg(pattern, caseSensitive)
	if err != nil {
		return nil, err
	}
	one := func(s string) (string, error) {
		var b strings.Builder
		last := 0
		for _, loc := range re.Re.FindAllStringSubmatchIndex(s, -1) {
			b.WriteString(s[last:loc[0]])
			text, err := fn(re.matchAt(s, loc))
			if err != nil {
				return "", err
			}
			b.WriteString(text)
			last = loc[1]
		}
		b.WriteString(s[last:])
		return b.String(), nil
	}
	if items, ok := Enumerate(x); ok {
		out := make([]any, len(items))
		for i, e := range items {
			r, err := one(ToString(e))
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return one(ToString(x))
}

// splitOp is -split with its right operand: a pattern, optionally followed
// by the maximum number of parts and the options (SimpleMatch, RegexMatch,
// IgnoreCase, Multiline, Singleline, ExplicitCapture, ...).
func splitOp(x, y any, cs bool) (any, error) {
	pattern, max := y, 0
	var options string
	if args, ok := Enumerate(y); ok && len(args) > 0 {
		pattern = args[0]
		if len(args) > 1 {
			n, err := Convert(args[1], "int")
			if err != nil {
				return nil, err
			}
			max = n.(int)
		}
		if len(args) > 2 {
			options = ToString(args[2])
		}
	}
	re, err := splitRegex(pattern, options, cs)
	if err != nil {
		return nil, err
	}
	items, ok := Enumerate(x)
	if !ok {
		items = []any{x}
	}
	out := []any{}
	for _, e := range items {
		out = append(out, re.Split(ToString(e), max)...)
	}
	return out, nil
}

// splitOptions are the names -split accepts in its options, with the
// inline flag each one sets ("" for those that change nothing here).
var splitOptions = map[string]string{
	"simplematch": "", "regexmatch": "", "ignorecase": "i", "cultureinvariant": "",
	"ignorepatternwhitespace": "", "multiline": "m", "singleline": "s", "explicitcapture": "", "none": "",
}

// splitRegex compiles the pattern of -split under its options.
func splitRegex(pattern any, options string, cs bool) (*Regex, error) {
	if strings.TrimSpace(options) == "" {
		return regexArg(pattern, cs)
	}
	src := ToString(pattern)
	if r, ok := pattern.(*Regex); ok {
		src = r.Pattern
	}
	flags := ""
	for _, name := range strings.Split(options, ",") {
		n := strings.ToLower(strings.TrimSpace(name))
		flag, ok := splitOptions[n]
		if !ok {
			return nil, newError("InvalidCastFromStringToEnum", "InvalidArgument",
				"Cannot convert value \"%s\" to type \"System.Management.Automation.SplitOptions\". Error: \"Unable to match the identifier name %s to a valid enumerator name. Specify one of the following enumerator names and try again:\nSimpleMatch, RegexMatch, CultureInvariant, IgnorePatternWhitespace, Multiline, Singleline, IgnoreCase, ExplicitCapture\"",
				options, strings.TrimSpace(name))
		}
		switch {
		case n == "simplematch":
			src = regexQuote(src)
		case flag == "i":
			cs = false
		case flag != "" && !strings.Contains(flags, flag):
			flags += flag
		}
	}
	if flags != "" {
		src = "(?" + flags + ")" + src
	}
	return NewRegex(src, cs)
}

func joinOp(x any, sep string) string {
	items, ok := Enumerate(x)
	if !ok {
		return ToString(x)
	}
	parts := make([]string, len(items))
	for i, e := range items {
		parts[i] = ToString(e)
	}
	return strings.Join(parts, sep)
}

// containsAny is -contains: whether any element of coll is -eq to v, the
// element deciding the type. A single value is a one-element collection.
func containsAny(coll, v any, cs bool) bool {
	items, ok := Enumerate(coll)
	if !ok {
		return Equal(coll, v, cs)
	}
	for _, e := range items {
		if Equal(e, v, cs) {
			return true
		}
	}
	return false
}

// Unary evaluates a unary operator: -not and ! (truthiness), - and +
// (numbers, converting strings), -bnot, and the unary -split (on white
// space) and -join (no separator).
func Unary(op string, x any) (any, error) {
	switch op {
	case "-not", "!":
		return !ToBool(x), nil
	case "-":
		if d, ok := x.(time.Duration); ok {
			return -d, nil
		}
		n, ok := toNumber(x)
		if !ok {
			return nil, castError("InvalidCastFromStringToInteger", x, "System.Int32", badFormat(x))
		}
		return numeric("*", n, -1)
	case "+":
		if s, ok := x.(string); ok {
			n, ok := toNumber(s)
			if !ok {
				return nil, castError("InvalidCastFromStringToInteger", s, "System.Int32", badFormat(s))
			}
			return n, nil
		}
		return x, nil
	case "-bnot":
		n, err := bitOperand(x)
		if err != nil {
			return nil, err
		}
		if i, ok := n.(int); ok {
			return ^i, nil
		}
		return ^n.(int64), nil
	case "-split":
		items, ok := Enumerate(x)
		if !ok {
			items = []any{x}
		}
		out := []any{}
		for _, e := range items {
			for _, f := range strings.Fields(ToString(e)) {
				out = append(out, f)
			}
		}
		return out, nil
	case "-join":
		return joinOp(x, ""), nil
	}
	return nil, newError("UnknownOperator", "InvalidOperation", "Unknown operator '%s'.", op)
}
