package tenant

import (
	"context"
	"time"
)

// Directory is a tenant as the cmdlets work on it: a tenant file (*Store)
// or a Microsoft 365 tenant reached through Microsoft Graph. Each operation
// keeps the Store's contract on both: the same values, and a refusal is an
// *Error with the same Code and Microsoft's Message, whether the file's
// rules or Microsoft 365 decided it.
//
// What only a tenant file has (its clock, the SKU catalog it is seeded
// from, users' data and mailboxes, batches run in SQL, app registrations)
// stays on *Store.
type Directory interface {
	// The organization.
	Info(ctx context.Context) (Info, error)
	Domains(ctx context.Context) ([]Domain, error)
	Products(ctx context.Context) ([]Product, error)
	Subscriptions(ctx context.Context) ([]Subscription, error)
	ResolveSku(ctx context.Context, text string) (SkuRef, error)
	Now(ctx context.Context) (time.Time, error)

	// Who the session acts as.
	Connect(ctx context.Context, upn string) (User, error)
	Account(ctx context.Context) (User, error)

	// Users.
	GetUser(ctx context.Context, identity string) (User, error)
	FindUsers(ctx context.Context, identity string) ([]User, error)
	Users(ctx context.Context, f UserFilter) ([]User, error)
	EachUser(ctx context.Context, f UserFilter, fn func(User) error) error
	CountUsers(ctx context.Context, f UserFilter) (int, error)
	UserCount(ctx context.Context) (int, error)
	DeletedUsers(ctx context.Context) ([]User, error)
	NewUser(ctx context.Context, nu NewUser) (User, error)
	SetUser(ctx context.Context, identity string, up UserUpdate) (User, error)
	RemoveUser(ctx context.Context, identity string) (User, error)
	RestoreUser(ctx context.Context, identity string) (RestoreResult, error)
	ResetPassword(ctx context.Context, identity, password string, forceChange bool) (User, error)
	RevokeSignInSessions(ctx context.Context, identity string) (User, error)

	// Licenses.
	UserLicenses(ctx context.Context, identity string) ([]Assignment, error)
	SetUserLicense(ctx context.Context, identity string, add []AddLicense, remove []string) (LicenseResult, error)
	SetUserLicenseStrict(ctx context.Context, identity string, add []AddLicense, remove []string) (LicenseResult, error)
	RemoveAllLicenses(ctx context.Context, identity string) (LicenseResult, error)

	// Groups.
	Groups(ctx context.Context, identity string) ([]Group, error)
	FilterGroups(ctx context.Context, q *Query) ([]Group, error)
	UserGroups(ctx context.Context, identity string) ([]Group, error)
	GroupMembers(ctx context.Context, group string) ([]User, error)
	GroupOwners(ctx context.Context, group string) ([]User, error)
	NewGroup(ctx context.Context, displayName string) (Group, error)
	CreateGroup(ctx context.Context, spec NewGroupSpec) (Group, error)
	AddGroupMember(ctx context.Context, group, member string) error
	AddGroupMembers(ctx context.Context, group string, members []string) error
	RemoveGroupMembers(ctx context.Context, group string, members []string) error
	AddGroupOwners(ctx context.Context, group string, owners []string) error
	RemoveGroupOwners(ctx context.Context, group string, owners []string) error
	SetGroupLicense(ctx context.Context, group string, add []AddLicense, remove []string) (Group, error)

	// Admin roles.
	DirectoryRoles(ctx context.Context) ([]DirectoryRole, error)
	RoleAssignments(ctx context.Context, role, identity string) ([]RoleAssignment, error)
	AddRoleAssignment(ctx context.Context, role, identity string) error
	RemoveRoleAssignment(ctx context.Context, role, identity string) error

	// The audit log: on Microsoft 365, Entra's directory audit log, whose
	// activities EntraActivities names.
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}

// A tenant file is a Directory.
var _ Directory = (*Store)(nil)
