package compat

import (
	"encoding/base64"

	"github.com/google/uuid"

	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// EnabledUnits are the units of a product's active subscriptions, which
// the modules report apart from those in warning: the tenant's Total counts
// both, since both can be assigned during the grace period.
func EnabledUnits(p tenant.Product) int { return p.Total - p.Warning }

// CapabilityStatus is the status the modules give a product: Enabled while
// it has an enabled unit, else the state its units are in.
func CapabilityStatus(p tenant.Product) string {
	switch {
	case EnabledUnits(p) > 0:
		return tenant.StatusEnabled
	case p.Warning > 0:
		return tenant.StatusWarning
	case p.Suspended > 0:
		return tenant.StatusSuspended
	}
	return tenant.StatusLockedOut
}

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

// LicenseDetailID is an opaque, stable id of a user's license, shaped like
// Graph's (43 URL-safe base64 characters), which Graph's and AzureAD's
// license details share.
func LicenseDetailID(userID, skuID string) string {
	u, _ := uuid.Parse(userID)
	k, _ := uuid.Parse(skuID)
	return base64.RawURLEncoding.EncodeToString(append(u[:], k[:]...))
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
