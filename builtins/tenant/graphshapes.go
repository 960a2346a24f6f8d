package tenant

import (
	"encoding/base64"

	"github.com/google/uuid"
)

// What Graph's objects say about the tenant's licenses, shared by Graph's
// PowerShell cmdlets and the Graph API server.

// EnabledUnits are the units of a product's active subscriptions, which
// Graph and the modules report apart from those in warning: Total counts
// both, since both can be assigned during the grace period.
func (p Product) EnabledUnits() int { return p.Total - p.Warning }

// CapabilityStatus is the status Graph and the modules give a product:
// Enabled while it has an enabled unit, else the state its units are in.
func (p Product) CapabilityStatus() string {
	switch {
	case p.EnabledUnits() > 0:
		return StatusEnabled
	case p.Warning > 0:
		return StatusWarning
	case p.Suspended > 0:
		return StatusSuspended
	}
	return StatusLockedOut
}

// LicenseDetailID is the id of a user's license as Graph's licenseDetails
// give it: opaque and stable, shaped like Graph's (43 URL-safe base64
// characters).
func LicenseDetailID(userID, skuID string) string {
	u, _ := uuid.Parse(userID)
	k, _ := uuid.Parse(skuID)
	return base64.RawURLEncoding.EncodeToString(append(u[:], k[:]...))
}

// AssignedLicenses are the licenses a user holds as Graph's
// assignedLicenses lists them: each product once, however many ways it is
// assigned, with the plans disabled in its first active assignment.
func AssignedLicenses(as []Assignment) []Assignment {
	var out []Assignment
	seen := map[string]bool{}
	for _, a := range as {
		if seen[a.SkuID] || a.State != "Active" {
			continue
		}
		seen[a.SkuID] = true
		out = append(out, a)
	}
	return out
}
