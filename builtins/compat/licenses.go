package compat

import (
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// AssignedLicense is a license a user or group holds, as the modules'
// AssignedLicense types show it: its SKU and disabled plans, printed as the
// SKU.
func AssignedLicense(typeName, skuID string, disabled []string) *Model {
	m := NewModel(typeName)
	m.Set("DisabledPlans", m365.StrList(disabled))
	m.Set("SkuId", skuID)
	m.Text = skuID
	return m
}

// OrEmpty is items, or an empty array for none: the modules show a
// collection property with nothing in it as @(), not $null.
func OrEmpty(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// NilIfEmpty is s, or $null for "": the modules leave an unset text
// property $null.
func NilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// SkuIDs are the SKUs of the licenses to add.
func SkuIDs(add []tenant.AddLicense) []string {
	out := make([]string, len(add))
	for i, a := range add {
		out[i] = a.SkuID
	}
	return out
}

// Strings are the items of a parameter value as text; none for $null.
func Strings(v any) []string {
	var out []string
	for _, it := range cmdlet.Items(v) {
		out = append(out, value.ToString(it))
	}
	return out
}
