package value

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestNoPanic feeds every operator, conversion and member function a mix of
// awkward values; each must return a value or an error, never panic.
func TestNoPanic(t *testing.T) {
	t.Parallel()
	values := []any{
		nil, "", "abc", "42", "0x", "[", "(", "$1", 0, -1, math.MaxInt32, math.MinInt32, int64(math.MinInt64),
		math.NaN(), math.Inf(1), 0.0, 1.5, true, false, arr(), arr(nil), arr(1, "a", nil), &List{},
		ht(), ht("a", 1), obj(), obj("a", 1), time.Time{}, date("2024-03-01"), time.Duration(0), -time.Hour,
		uuid.Nil, Type{Name: "int"}, Type{Name: "nope"}, &Regex{Pattern: "a", Re: mustRe("a").Re}, fakeBlock("{}"),
		Char('a'), Char(0), &List{ArrayList: true}, selfContaining(), &Hashtable{Ordered: true}, fakeTyped{"X.Y"},
	}
	ops := []string{"+", "-", "*", "/", "%", "..", "-f", "-eq", "-ne", "-gt", "-ge", "-lt", "-le", "-like",
		"-notlike", "-match", "-notmatch", "-replace", "-split", "-join", "-contains", "-notcontains", "-in",
		"-notin", "-is", "-isnot", "-as", "-and", "-or", "-xor", "-band", "-bor", "-bxor", "-shl", "-shr",
		"-ceq", "-clike", "-cmatch", "-creplace", "-csplit", "-cin", "-ieq"}
	types := []string{"string", "int", "long", "double", "bool", "datetime", "timespan", "guid", "array",
		"object", "string[]", "int[]", "hashtable", "ordered", "pscustomobject", "regex", "char", "byte",
		"scriptblock", "List[object]", "type", "math", "array", "char[]", "System.Exception"}
	methods := []string{"ToString", "Split", "Substring", "Add", "Remove", "IndexOf", "AddDays", "GetType",
		"Equals", "Contains", "Trim", "PadLeft", "Insert", "Replace", "ToUpper", "Matches", "NoSuchMethod"}
	for _, x := range values {
		for _, y := range values {
			for _, op := range ops {
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("Binary(%q, %s, %s) panicked: %v", op, repr(x), repr(y), r)
						}
					}()
					_, _, _ = Binary(op, x, y)
				}()
			}
			for _, m := range methods {
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("CallMethod(%s, %s, %s) panicked: %v", repr(x), m, repr(y), r)
						}
					}()
					_, _ = CallMethod(x, m, []any{y})
					_, _ = CallMethod(x, m, []any{y, y})
				}()
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("Index(%s, %s) panicked: %v", repr(x), repr(y), r)
					}
				}()
				_, _ = Index(x, y)
				_ = SetIndex(x, y, 1)
				_, _ = Compare(x, y, false)
			}()
		}
		for _, typ := range types {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("Convert(%s, %s) panicked: %v", repr(x), typ, r)
					}
				}()
				_, _ = Convert(x, typ)
				_, _ = IsType(x, typ)
			}()
		}
		for _, op := range []string{"-not", "-", "+", "-bnot", "-split", "-join"} {
			_, _ = Unary(op, x)
		}
		_, _ = GetMember(x, "Count")
		_, _ = GetMember(x, "Name")
		_ = ToString(x)
		_, _ = Format("{0:N2}{0:D}{0:X}{0:0.0}{0,5}", []any{x})
	}
}
