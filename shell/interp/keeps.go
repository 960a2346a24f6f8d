package interp

import (
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// PropertyTest is a test every object a command keeps passes: its
// property equals Value as -eq compares strings, case ignored.
type PropertyTest struct {
	Property string
	Value    string
}

// Keeps records, from the command's Begin, that it keeps only the objects
// that pass every test, as Where-Object { $_.Department -eq 'Sales' }
// does, for the command before it to read (NextKeeps).
func (c *Call) Keeps(tests []PropertyTest) { c.keeps = tests }

// NextKeeps returns the tests the next command of the pipeline keeps
// objects by, when everything this call writes goes to that command alone.
// A command reading its objects from a store may then read only those that
// can pass: Get-User -All | Where-Object { $_.Department -eq 'Sales' }
// reads only the Sales users. The next command still tests every object it
// gets, so a command may leave out fewer objects than the tests allow,
// never one that passes.
func (c *Call) NextKeeps() []PropertyTest {
	if c.next == nil {
		return nil
	}
	return c.next.keeps
}

// PropertyTests returns the tests a filter script makes before anything
// else it does: the comparisons of $_'s properties with constant strings
// (-eq, -ieq, -ceq) that start a chain of -and, as in
// { $_.Department -eq 'Sales' -and $_.UsageLocation -eq 'US' }. An object
// failing one of them is dropped before the rest of the script runs, so
// leaving it out beforehand changes nothing the script does.
func PropertyTests(sb value.ScriptBlock) []PropertyTest {
	b, ok := sb.(*ScriptBlock)
	if !ok || b.Body.Named || b.Body.Params != nil || len(b.Body.End) != 1 {
		return nil
	}
	x := loneExpr(b.Body.End[0])
	if x == nil {
		return nil
	}
	var tests []PropertyTest
	for _, operand := range andOperands(x) {
		t, ok := propertyTest(operand)
		if !ok {
			break
		}
		tests = append(tests, t)
	}
	return tests
}

// andOperands returns the operands of a chain of -and, in the order they
// run; -and groups from the left.
func andOperands(x syntax.Expr) []syntax.Expr {
	if and, ok := x.(*syntax.BinaryExpr); ok && and.Op == "-and" {
		return append(andOperands(and.X), and.Y)
	}
	return []syntax.Expr{x}
}

// propertyTest reads $_.Name -eq 'constant', either way round.
func propertyTest(x syntax.Expr) (PropertyTest, bool) {
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok {
			break
		}
		if x = loneExpr(p.X); x == nil {
			return PropertyTest{}, false
		}
	}
	cmp, ok := x.(*syntax.BinaryExpr)
	if !ok || cmp.Op != "-eq" && cmp.Op != "-ieq" && cmp.Op != "-ceq" {
		return PropertyTest{}, false
	}
	name, okX := itemProperty(cmp.X)
	s, okY := cmp.Y.(*syntax.StringConst)
	if !okX || !okY {
		name, okX = itemProperty(cmp.Y)
		s, okY = cmp.X.(*syntax.StringConst)
	}
	if !okX || !okY {
		return PropertyTest{}, false
	}
	return PropertyTest{Property: name, Value: s.Value}, true
}

// itemProperty reads $_.Name (or $PSItem.Name).
func itemProperty(x syntax.Expr) (string, bool) {
	m, ok := x.(*syntax.MemberExpr)
	if !ok || m.Static {
		return "", false
	}
	v, ok := m.X.(*syntax.VariableExpr)
	if !ok || v.Scope != "" || v.Splat || v.Name != "_" && !strings.EqualFold(v.Name, "PSItem") {
		return "", false
	}
	name, ok := m.Member.(*syntax.StringConst)
	if !ok {
		return "", false
	}
	return name.Value, true
}
