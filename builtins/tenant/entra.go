package tenant

import "strings"

// EntraActivity is how Microsoft Entra's audit log (Graph's
// directoryAudit) names one of the tenant's audit operations.
type EntraActivity struct {
	// Operation is the tenant's audit operation, as Get-AuditLog shows it.
	Operation string
	// Activity is Entra's activityDisplayName of the same change, and
	// Category its category, as Microsoft's list of Entra audit log
	// activities (Core Directory) writes them.
	Activity, Category string
	// TargetType is the type of the changed object, Entra's first target
	// resource: User or Group.
	TargetType string
	// Container is the type of the object a member or owner is added to
	// or removed from (Group or Role), Entra's second target resource,
	// whose name the tenant's audit row keeps as its Detail; "" when the
	// activity has none.
	Container string
	// Property is the modified property of the first target resource
	// whose old and new values are the row's Before and After: Entra's
	// AssignedLicense for a change of licenses; "" where Entra lists the
	// changed attributes one by one, in its own words, which are not the
	// row's Before and After.
	Property string
}

// EntraActivities is the one table between the tenant's audit operations
// and Entra's activities. The tenant's other operations have no Entra
// activity and are the tenant file's only: batch steps, the tenant clock,
// subscriptions, Exchange's mailboxes and groups' mail settings, the
// tenant's own settings, Copy-Tenant and Initialize-Tenant; and app
// registrations, which only a tenant file keeps through licsh.
func EntraActivities() []EntraActivity {
	return []EntraActivity{
		{Operation: "Add user", Activity: "Add user", Category: "UserManagement", TargetType: "User"},
		{Operation: "Update user", Activity: "Update user", Category: "UserManagement", TargetType: "User"},
		{Operation: "Delete user", Activity: "Delete user", Category: "UserManagement", TargetType: "User"},
		{Operation: "Restore user", Activity: "Restore user", Category: "UserManagement", TargetType: "User"},
		{Operation: opSetLicense, Activity: "Change user license", Category: "UserManagement", TargetType: "User", Property: "AssignedLicense"},
		// Entra's Core Directory logs an admin's reset as "Reset password".
		{Operation: "Reset user password", Activity: "Reset password", Category: "UserManagement", TargetType: "User"},
		// Revoking a user's sessions moves the time their refresh tokens
		// are valid from.
		{Operation: "Revoke sign-in sessions", Activity: "Update StsRefreshTokenValidFrom Timestamp", Category: "UserManagement", TargetType: "User"},
		{Operation: "Add group", Activity: "Add group", Category: "GroupManagement", TargetType: "Group"},
		{Operation: "Set group license", Activity: "Set group license", Category: "GroupManagement", TargetType: "Group", Property: "AssignedLicense"},
		{Operation: "Add group member", Activity: "Add member to group", Category: "GroupManagement", TargetType: "User", Container: "Group"},
		{Operation: "Remove group member", Activity: "Remove member from group", Category: "GroupManagement", TargetType: "User", Container: "Group"},
		{Operation: "Add group owner", Activity: "Add owner to group", Category: "GroupManagement", TargetType: "User", Container: "Group"},
		{Operation: "Remove group owner", Activity: "Remove owner from group", Category: "GroupManagement", TargetType: "User", Container: "Group"},
		{Operation: "Add role assignment", Activity: "Add member to role", Category: "RoleManagement", TargetType: "User", Container: "Role"},
		{Operation: "Remove role assignment", Activity: "Remove member from role", Category: "RoleManagement", TargetType: "User", Container: "Role"},
	}
}

// EntraActivityOf is Entra's activity of a tenant audit operation, named
// in any case; false when Entra has none.
func EntraActivityOf(operation string) (EntraActivity, bool) {
	for _, a := range EntraActivities() {
		if strings.EqualFold(a.Operation, operation) {
			return a, true
		}
	}
	return EntraActivity{}, false
}

// EntraOperation is the tenant audit operation of an Entra activity, named
// in any case; false when the tenant has none.
func EntraOperation(activity string) (EntraActivity, bool) {
	for _, a := range EntraActivities() {
		if strings.EqualFold(a.Activity, activity) {
			return a, true
		}
	}
	return EntraActivity{}, false
}

// ErrAuditFilter is Graph's refusal of a $filter on directory audits it
// cannot read.
func ErrAuditFilter() *Error { return errInvalidFilter() }
