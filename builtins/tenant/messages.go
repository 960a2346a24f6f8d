package tenant

import (
	"fmt"
	"strings"
)

// The notes a license change makes about one user, the same whether
// Set-UserLicense changes the user alone or a batch changes many: scripts
// and result files match on them.

// noteNotHeld is the note on a removal of a license the user does not hold.
func noteNotHeld(upn string, k SkuRef) string {
	return fmt.Sprintf("User '%s' does not have license %s (%s); nothing to remove.", upn, k.PartNumber, k.SkuID)
}

// noteInheritedStays is the note on a license that removing all of a
// user's licenses leaves, because a group assigns it.
func noteInheritedStays(partNumber, upn, group string) string {
	return fmt.Sprintf("License %s of user '%s' is inherited from group '%s' and stays assigned.", partNumber, upn, group)
}

// noteNothingDirect is the note on removing all of a user's licenses when
// the user holds none directly and none through a group.
func noteNothingDirect(upn string) string {
	return fmt.Sprintf("User '%s' has no licenses assigned directly; nothing to remove.", upn)
}

// licenseDetail says what a change did: "Added X; Removed Y, Z".
func licenseDetail(res LicenseResult) string {
	var parts []string
	list := func(verb string, refs []LicenseRef) {
		if len(refs) == 0 {
			return
		}
		names := make([]string, len(refs))
		for i, r := range refs {
			names[i] = r.PartNumber
		}
		parts = append(parts, verb+" "+strings.Join(names, ", "))
	}
	list("Added", res.Added)
	list("Updated disabled plans of", res.Updated)
	list("Removed", res.Removed)
	return strings.Join(parts, "; ")
}

// Detail is what the change did and its notes, as a batch's result row
// gives them: "Removed SPE_E5. User 'x' does not have license ...".
func (res LicenseResult) Detail() string {
	parts := res.Warnings
	if d := licenseDetail(res); d != "" {
		parts = append([]string{d + "."}, parts...)
	}
	return strings.Join(parts, " ")
}

// opSetLicense is the audit operation of a license change, the same for a
// batch row as for Set-UserLicense.
const opSetLicense = "Set user license"

// opAddUser is the audit operation of a new user, the same for an imported
// one as for New-User.
const opAddUser = "Add user"

// The outcomes of batch rows that never reach a license change. The
// duplicate's is a format with the first row's number, used by fmt and by
// SQLite's printf alike.
const (
	msgDuplicateRow = "Duplicate of row %d."
	msgNoUser       = "The row names no user."
)

// userMark stands for a user's UPN, or the identity a row gives, in a note
// that a batch works out once for many users and fills in per row (SQL's
// char(31)): no UPN or identity that reaches a user contains it.
const userMark = "\x1f"

// noteChangedSince is an undo's refusal to restore a user changed after
// the batch.
func noteChangedSince(upn string, batch int64) string {
	return fmt.Sprintf("User '%s' has been changed since batch %d; the licenses were not restored.", upn, batch)
}

// noteRestored and noteHeldAgain say what an undo did for one user.
func noteRestored(added []LicenseRef) string {
	names := make([]string, len(added))
	for i, a := range added {
		names[i] = a.PartNumber
	}
	return "Restored " + strings.Join(names, ", ") + "."
}

func noteHeldAgain(upn string) string {
	return fmt.Sprintf("User '%s' already holds the licenses again.", upn)
}
