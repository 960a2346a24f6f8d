package value

import (
	"math"
	"math/bits"
	"strings"
	"time"
)

// opMethod is the .NET operator method PowerShell reports missing when an
// arithmetic operator does not apply to the left operand's type.
var opMethod = map[string]string{
	"+": "op_Addition", "-": "op_Subtraction", "*": "op_Multiply", "/": "op_Division", "%": "op_Modulus",
}

func arithmetic(op string, x, y any) (any, error) {
	switch a := x.(type) {
	case Enum:
		return numeric(op, a.number(), y)
	case nil:
		if op == "+" {
			return y, nil
		}
		return numeric(op, 0, y)
	case string:
		switch op {
		case "+":
			return a + ToString(y), nil
		case "*":
			n, err := repeatCount(y)
			if err != nil {
				return nil, err
			}
			if n > 0 && len(a) > maxBuild/n {
				return nil, errOutOfMemory
			}
			return strings.Repeat(a, n), nil
		}
		n, ok := toNumber(a)
		if !ok {
			return nil, castError("InvalidCastFromStringToInteger", a, "System.Int32", badFormat(a))
		}
		return numeric(op, n, y)
	case []any, *List:
		items, _ := Enumerate(a)
		switch op {
		case "+":
			out := append([]any{}, items...)
			if more, ok := Enumerate(y); ok {
				return append(out, more...), nil
			}
			return append(out, y), nil
		case "*":
			n, err := repeatCount(y)
			if err != nil {
				return nil, err
			}
			if len(items) == 0 {
				return []any{}, nil
			}
			if len(items) > maxBuild/max(n, 1) {
				return nil, errOutOfMemory
			}
			out := make([]any, 0, len(items)*n)
			for range n {
				out = append(out, items...)
			}
			return out, nil
		}
	case *Hashtable:
		if op == "+" {
			return mergeHashtables(a, y)
		}
	case time.Time:
		switch {
		case op == "-":
			if b, ok := y.(time.Time); ok {
				return a.Sub(b), nil
			}
			d, err := Convert(y, "timespan")
			if err != nil {
				return nil, err
			}
			return a.Add(-d.(time.Duration)), nil
		case op == "+":
			d, err := Convert(y, "timespan")
			if err != nil {
				return nil, err
			}
			return a.Add(d.(time.Duration)), nil
		}
	case time.Duration:
		if op == "+" || op == "-" {
			d, err := Convert(y, "timespan")
			if err != nil {
				return nil, err
			}
			if op == "-" {
				return a - d.(time.Duration), nil
			}
			return a + d.(time.Duration), nil
		}
	case bool:
		n, _ := toNumber(a)
		return numeric(op, n, y)
	case int, int64, float64:
		return numeric(op, a, y)
	case Char:
		return numeric(op, int(a), y)
	}
	return nil, methodNotFound(TypeName(x), opMethod[op])
}

// repeatCount reads the right operand of string or array multiplication.
func repeatCount(y any) (int, error) {
	n, err := Convert(y, "int")
	if err != nil {
		return 0, err
	}
	if n.(int) < 0 {
		return 0, newError("ArgumentOutOfRange", "InvalidArgument",
			"Specified argument was out of the range of valid values. (Parameter 'count')")
	}
	return n.(int), nil
}

func mergeHashtables(a *Hashtable, y any) (any, error) {
	b, ok := y.(*Hashtable)
	if !ok {
		return nil, newError("AddHashTableToNonHashTable", "InvalidOperation",
			"A hash table can only be added to another hash table.")
	}
	out := a.Copy()
	for _, e := range b.entries {
		if i, dup := out.index[hashKey(e.Key)]; dup {
			return nil, newError("System.ArgumentException", "NotSpecified",
				"Item has already been added. Key in dictionary: '%s'  Key being added: '%s'",
				ToString(out.entries[i].Key), ToString(e.Key))
		}
		out.Set(e.Key, e.Value)
	}
	return out, nil
}

// numeric applies an arithmetic operator to a number and a value converted
// to a number. 32-bit results that overflow become doubles, as do 64-bit
// ones, the way PowerShell widens; / gives an integer only when exact.
func numeric(op string, a, y any) (any, error) {
	b, ok := toNumber(y)
	if !ok {
		if _, err := Convert(y, TypeName(a)); err != nil {
			return nil, err
		}
		return nil, invalidCast(y, TypeName(a))
	}
	ia, intA := toInt64(a)
	ib, intB := toInt64(b)
	if !intA || !intB {
		fa, fb := toFloat(a), toFloat(b)
		switch op {
		case "+":
			return fa + fb, nil
		case "-":
			return fa - fb, nil
		case "*":
			return fa * fb, nil
		case "/":
			return fa / fb, nil
		default:
			return math.Mod(fa, fb), nil
		}
	}
	_, wideA := a.(int64)
	_, wideB := b.(int64)
	result := func(n int64) any {
		if wideA || wideB {
			return n
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			return float64(n)
		}
		return int(n)
	}
	switch op {
	case "+":
		s := ia + ib
		if (s > ia) != (ib > 0) {
			return float64(ia) + float64(ib), nil
		}
		return result(s), nil
	case "-":
		d := ia - ib
		if (d < ia) != (ib > 0) {
			return float64(ia) - float64(ib), nil
		}
		return result(d), nil
	case "*":
		hi, lo := bits.Mul64(uint64(abs64(ia)), uint64(abs64(ib)))
		if hi != 0 || lo > math.MaxInt64 || ia == math.MinInt64 || ib == math.MinInt64 {
			return float64(ia) * float64(ib), nil
		}
		return result(ia * ib), nil
	case "/":
		if ib == 0 {
			return nil, errDivideByZero
		}
		if ia%ib == 0 && !(ia == math.MinInt64 && ib == -1) {
			return result(ia / ib), nil
		}
		return float64(ia) / float64(ib), nil
	default:
		if ib == 0 {
			return nil, errDivideByZero
		}
		if ib == -1 {
			return result(0), nil
		}
		return result(ia % ib), nil
	}
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// bitwise applies -band -bor -bxor -shl -shr on integers: 32-bit when both
// operands fit, else 64-bit.
func bitwise(op string, x, y any) (any, error) {
	a, err := bitOperand(x)
	if err != nil {
		return nil, err
	}
	b, err := bitOperand(y)
	if err != nil {
		return nil, err
	}
	_, wideA := a.(int64)
	_, wideB := b.(int64)
	ia, _ := toInt64(a)
	ib, _ := toInt64(b)
	if op == "-shl" || op == "-shr" {
		if wideA {
			if op == "-shl" {
				return ia << (ib & 63), nil
			}
			return ia >> (ib & 63), nil
		}
		if op == "-shl" {
			return int(int32(ia) << (ib & 31)), nil
		}
		return int(int32(ia) >> (ib & 31)), nil
	}
	var r int64
	switch op {
	case "-band":
		r = ia & ib
	case "-bor":
		r = ia | ib
	default:
		r = ia ^ ib
	}
	if wideA || wideB {
		return r, nil
	}
	return int(r), nil
}

// bitOperand converts a value to an integer for the bitwise operators;
// doubles are rounded like [long] casts.
func bitOperand(v any) (any, error) {
	n, ok := toNumber(v)
	if !ok {
		return Convert(v, "long")
	}
	if f, isFloat := n.(float64); isFloat {
		i, ok := numberToInt(f, math.MinInt64, math.MaxInt64)
		if !ok {
			return Convert(v, "long")
		}
		return narrowInt(i), nil
	}
	return n, nil
}

// maxRange bounds the .. operator so a typo such as 1..1e12 fails instead
// of exhausting memory.
const maxRange = 50_000_000

func rangeOp(x, y any) (any, error) {
	if a, b, ok := charRange(x, y); ok {
		out := []any{}
		step := rune(1)
		if b < a {
			step = -1
		}
		for c := a; ; c += step {
			out = append(out, Char(c))
			if c == b {
				return out, nil
			}
		}
	}
	av, err := Convert(x, "int")
	if err != nil {
		return nil, err
	}
	bv, err := Convert(y, "int")
	if err != nil {
		return nil, err
	}
	a, b := av.(int), bv.(int)
	n := b - a
	step := 1
	if n < 0 {
		n, step = -n, -1
	}
	if n >= maxRange {
		return nil, newError("RangeTooLarge", "InvalidOperation",
			"The range %d..%d has more than %d elements.", a, b, maxRange)
	}
	out := make([]any, 0, n+1)
	for i := a; ; i += step {
		out = append(out, i)
		if i == b {
			return out, nil
		}
	}
}

// charRange recognises 'a'..'e': both ends single characters that are not
// digits.
func charRange(x, y any) (rune, rune, bool) {
	xs, ok1 := x.(string)
	ys, ok2 := y.(string)
	if c, isChar := x.(Char); isChar {
		xs, ok1 = string(rune(c)), true
	}
	if c, isChar := y.(Char); isChar {
		ys, ok2 = string(rune(c)), true
	}
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	xr, yr := []rune(xs), []rune(ys)
	if len(xr) != 1 || len(yr) != 1 || (xr[0] >= '0' && xr[0] <= '9') || (yr[0] >= '0' && yr[0] <= '9') {
		return 0, 0, false
	}
	return xr[0], yr[0], true
}
