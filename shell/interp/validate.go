package interp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// validator checks one parameter value; its error text is the reason the
// binder reports after "Cannot validate argument on parameter 'X'.".
type validator func(v any) error

// validators reads the validation attributes of a script parameter:
// ValidateRange, ValidateScript, ValidatePattern, ValidateNotNull,
// ValidateNotNullOrEmpty, ValidateCount and ValidateLength (ValidateSet is
// the declaration's own).
func (r *Runner) validators(p *syntax.Param, f *syntax.File) []validator {
	var out []validator
	if v := mandatoryValidator(p, r); v != nil {
		out = append(out, v)
	}
	for _, a := range p.Attributes {
		args := r.attrArgs(a)
		custom := r.attrNamed(a, "ErrorMessage")
		switch strings.ToLower(a.Name) {
		case "validaterange":
			out = append(out, rangeValidator(args))
		case "validatepattern":
			if len(args) > 0 {
				out = append(out, patternValidator(value.ToString(args[0]), custom))
			}
		case "validatescript":
			if len(a.Positional) > 0 {
				if sb, ok := a.Positional[0].(*syntax.ScriptBlockExpr); ok {
					out = append(out, r.scriptValidator(&ScriptBlock{Body: sb.Body, File: f}, custom))
				}
			}
		case "validatenotnull":
			out = append(out, notNull(false))
		case "validatenotnullorempty":
			out = append(out, notNull(true))
		case "validatecount":
			if len(args) == 2 {
				out = append(out, countValidator(args[0], args[1]))
			}
		case "validatelength":
			if len(args) == 2 {
				out = append(out, lengthValidator(args[0], args[1]))
			}
		}
	}
	return out
}

// mandatoryValidator refuses what a mandatory parameter may not take: an
// empty string, $null or an empty array, unless [AllowEmptyString()],
// [AllowNull()] or [AllowEmptyCollection()] lets it.
func mandatoryValidator(p *syntax.Param, r *Runner) validator {
	mandatory := false
	allow := map[string]bool{}
	for _, a := range p.Attributes {
		name := strings.ToLower(a.Name)
		if name == "parameter" {
			for _, na := range a.Named {
				if strings.EqualFold(na.Name, "Mandatory") && (na.Value == nil || r.constTrue(na.Value)) {
					mandatory = true
				}
			}
		}
		allow[name] = true
	}
	if !mandatory {
		return nil
	}
	refuse := func(id, what string) error {
		rec := NewError(id, "InvalidData", nil, fmt.Sprintf("Cannot bind argument to parameter '%s' because it is %s.", p.Name, what))
		rec.Exception.Type = "System.Management.Automation.ParameterBindingValidationException"
		return rec
	}
	return func(v any) error {
		switch x := v.(type) {
		case nil:
			if !allow["allownull"] {
				return refuse("ParameterArgumentValidationErrorNullNotAllowed", "null")
			}
		case string:
			if x == "" && !allow["allowemptystring"] {
				return refuse("ParameterArgumentValidationErrorEmptyStringNotAllowed", "an empty string")
			}
		case []any:
			if len(x) == 0 && !allow["allowemptycollection"] {
				return refuse("ParameterArgumentValidationErrorEmptyArrayNotAllowed", "an empty array")
			}
		}
		return nil
	}
}

// attrArgs evaluates an attribute's positional arguments, which are
// constants.
func (r *Runner) attrArgs(a *syntax.Attribute) []any {
	var out []any
	for _, x := range a.Positional {
		v, err := r.eval(context.Background(), r.global, nil, x)
		if err != nil {
			continue
		}
		out = append(out, v)
	}
	return out
}

// attrNamed evaluates a named argument of an attribute to a string.
func (r *Runner) attrNamed(a *syntax.Attribute, name string) string {
	for _, na := range a.Named {
		if strings.EqualFold(na.Name, name) && na.Value != nil {
			v, err := r.eval(context.Background(), r.global, nil, na.Value)
			if err == nil {
				return value.ToString(v)
			}
		}
	}
	return ""
}

// itemsOf is what element-wise validators check: a collection's items, or
// the one value.
func itemsOf(v any) []any {
	if items, ok := value.Enumerate(v); ok {
		return items
	}
	return []any{v}
}

func rangeValidator(args []any) validator {
	if len(args) == 1 {
		kind := strings.ToLower(value.ToString(args[0]))
		return func(v any) error {
			for _, it := range itemsOf(v) {
				c, err := value.Compare(it, 0, false)
				if err != nil {
					return err
				}
				msg := ""
				switch {
				case kind == "positive" && c <= 0:
					msg = "The argument \"%s\" cannot be validated because its value is not greater than zero."
				case kind == "nonnegative" && c < 0:
					msg = "The argument \"%s\" cannot be validated because its value is not greater than or equal to zero."
				case kind == "negative" && c >= 0:
					msg = "The argument \"%s\" cannot be validated because its value is not less than zero."
				case kind == "nonpositive" && c > 0:
					msg = "The argument \"%s\" cannot be validated because its value is not less than or equal to zero."
				}
				if msg != "" {
					return fmt.Errorf(msg, value.ToString(it))
				}
			}
			return nil
		}
	}
	if len(args) != 2 {
		return func(any) error { return nil }
	}
	lo, hi := args[0], args[1]
	return func(v any) error {
		for _, it := range itemsOf(v) {
			below, err := value.Compare(it, lo, false)
			if err != nil {
				return err
			}
			if below < 0 {
				return fmt.Errorf("The %s argument is less than the minimum allowed range of %s. Supply an argument that is greater than or equal to %s and then try the command again.",
					value.ToString(it), value.ToString(lo), value.ToString(lo))
			}
			above, err := value.Compare(it, hi, false)
			if err != nil {
				return err
			}
			if above > 0 {
				return fmt.Errorf("The %s argument is greater than the maximum allowed range of %s. Supply an argument that is less than or equal to %s and then try the command again.",
					value.ToString(it), value.ToString(hi), value.ToString(hi))
			}
		}
		return nil
	}
}

func patternValidator(pattern, custom string) validator {
	return func(v any) error {
		re, err := value.NewRegex(pattern, false)
		if err != nil {
			return err
		}
		for _, it := range itemsOf(v) {
			s := value.ToString(it)
			if re.Re.MatchString(s) {
				continue
			}
			if custom != "" {
				msg, _ := value.Format(custom, []any{s, pattern})
				return errors.New(msg)
			}
			return fmt.Errorf("The argument \"%s\" does not match the \"%s\" pattern. Supply an argument that matches \"%s\" and try the command again.", s, pattern, pattern)
		}
		return nil
	}
}

// scriptValidator runs a ValidateScript block with $_ set to each value; a
// block that throws gives its own message.
func (r *Runner) scriptValidator(b *ScriptBlock, custom string) validator {
	return func(v any) error {
		for _, it := range itemsOf(v) {
			out, err := r.collect(func(emit emitFn) error {
				return r.invokeBlockHere(context.Background(), newScope(r.global), b, it, nil, emit)
			})
			if err != nil {
				return errors.New(asRecord(err).Error())
			}
			if value.ToBool(out) {
				continue
			}
			if custom != "" {
				msg, _ := value.Format(custom, []any{value.ToString(it), b.ScriptText()})
				return errors.New(msg)
			}
			return fmt.Errorf("The \"%s\" validation script for the argument with value \"%s\" did not return a result of True. Determine why the validation script failed, and then try the command again.",
				b.ScriptText(), value.ToString(it))
		}
		return nil
	}
}

func notNull(orEmpty bool) validator {
	return func(v any) error {
		items, isColl := value.Enumerate(v)
		if !isColl {
			if v == nil || orEmpty && v == "" {
				if orEmpty {
					return errors.New("The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.")
				}
				return errors.New("The argument is null. Provide a valid value for the argument, and then try running the command again.")
			}
			return nil
		}
		bad := orEmpty && len(items) == 0
		for _, it := range items {
			if it == nil || orEmpty && it == "" {
				bad = true
			}
		}
		if !bad {
			return nil
		}
		if orEmpty {
			return errors.New("The argument is null, empty, or an element of the argument collection contains a null value. Supply a collection that does not contain any null values and then try the command again.")
		}
		return errors.New("The argument has a null value, or an element of the argument collection contains a null value. Provide a collection that does not contain any null values, and then try the command again.")
	}
}

func countValidator(minV, maxV any) validator {
	lo, errLo := value.Convert(minV, "int")
	hi, errHi := value.Convert(maxV, "int")
	return func(v any) error {
		if errLo != nil || errHi != nil {
			return nil
		}
		n := len(itemsOf(v))
		if v == nil {
			n = 0
		}
		if n >= lo.(int) && n <= hi.(int) {
			return nil
		}
		if lo == hi {
			return fmt.Errorf("The parameter requires exactly %d value(s) - %d value(s) were provided.", lo, n)
		}
		return fmt.Errorf("The parameter requires at least %d value(s) and no more than %d value(s) - %d value(s) were provided.", lo, hi, n)
	}
}

func lengthValidator(minV, maxV any) validator {
	lo, errLo := value.Convert(minV, "int")
	hi, errHi := value.Convert(maxV, "int")
	return func(v any) error {
		if errLo != nil || errHi != nil {
			return nil
		}
		for _, it := range itemsOf(v) {
			n := len([]rune(value.ToString(it)))
			if n < lo.(int) {
				return fmt.Errorf("The character length (%d) of the argument is too short. Specify an argument with a length that is greater than or equal to \"%d\", and then try the command again.", n, lo)
			}
			if n > hi.(int) {
				return fmt.Errorf("The character length of the %d argument is too long. Shorten the character length of the argument so it is fewer than or equal to \"%d\" characters, and then try the command again.", n, hi)
			}
		}
		return nil
	}
}

// joinValidators makes one Validate function of several.
func joinValidators(vs []validator) func(any) error {
	if len(vs) == 0 {
		return nil
	}
	return func(v any) error {
		for _, f := range vs {
			if err := f(v); err != nil {
				return err
			}
		}
		return nil
	}
}
