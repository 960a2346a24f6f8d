package cmdlet

import (
	"fmt"
	"slices"
	"strings"
)

// Check reports what would make the declaration misbehave in the binder,
// completion or help: a name that is not Verb-Noun, a parameter without a
// name or given twice (by name or alias), a type or completion kind that is
// not one of the constants, two parameters at one position or two that take
// the remaining arguments in a parameter set. The session refuses to
// register a cmdlet that fails it.
func (c *Cmdlet) Check() error {
	verb, noun, ok := strings.Cut(c.Name, "-")
	if !ok || verb == "" || noun == "" || strings.ContainsAny(c.Name, " \t\"'$") {
		return fmt.Errorf("the cmdlet name %q is not of the form Verb-Noun", c.Name)
	}
	switch strings.ToLower(c.ConfirmImpact) {
	case "", "none", "low", "medium", "high":
	default:
		return fmt.Errorf("%s: ConfirmImpact %q is not None, Low, Medium or High", c.Name, c.ConfirmImpact)
	}
	names := map[string]string{} // lower-case name or alias -> parameter
	for _, p := range c.Params {
		if p == nil || p.Name == "" {
			return fmt.Errorf("%s: a parameter has no name", c.Name)
		}
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			key := strings.ToLower(n)
			if other, dup := names[key]; dup {
				return fmt.Errorf("%s: -%s is declared twice (parameters %s and %s)", c.Name, n, other, p.Name)
			}
			names[key] = p.Name
		}
		if p.Type != "" && !slices.ContainsFunc(types, p.Type.Is) {
			return fmt.Errorf("%s -%s: %q is not a parameter type; use one of the cmdlet package's Type constants", c.Name, p.Name, p.Type)
		}
		if !slices.Contains(completions, p.Complete) {
			return fmt.Errorf("%s -%s: %q is not a completion kind; use one of the cmdlet package's Complete constants", c.Name, p.Name, p.Complete)
		}
		if p.Position < 0 {
			return fmt.Errorf("%s -%s: position %d is below 1", c.Name, p.Name, p.Position)
		}
	}
	// A default set that no parameter names is pwsh's way to say which set
	// holds the parameters of every set alone, so it is not checked.
	sets := c.ParameterSets()
	if len(sets) == 0 {
		sets = []string{""}
	}
	for _, set := range sets {
		at := map[int]string{}
		rest := ""
		for _, p := range c.Params {
			if !p.InSet(set) {
				continue
			}
			if p.ValueFromRemainingArguments {
				if rest != "" {
					return fmt.Errorf("%s: -%s and -%s both take the remaining arguments%s", c.Name, rest, p.Name, inSetText(set))
				}
				rest = p.Name
			}
			if p.Position == 0 {
				continue
			}
			if other, dup := at[p.Position]; dup {
				return fmt.Errorf("%s: -%s and -%s both take position %d%s", c.Name, other, p.Name, p.Position, inSetText(set))
			}
			at[p.Position] = p.Name
		}
	}
	return nil
}

func inSetText(set string) string {
	if set == "" {
		return ""
	}
	return " in parameter set " + set
}
