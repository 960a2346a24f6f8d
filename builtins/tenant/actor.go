package tenant

import (
	"context"
	"strings"
)

// Actor is who a change is made by when it is not the Store's account: a
// server that acts for many callers at once names each call's actor in its
// context (WithActor), where a session names one for all its writes
// (Connect). Either User or App is set.
type Actor struct {
	// User is the user principal name of a signed-in user, whose admin
	// roles the rules check.
	User string
	// App is the display name of an application acting on its own, with
	// the roles its permissions grant (AppRoles); the audit log names it.
	App   string
	Roles []string
}

// actorKey is the context key of an Actor.
type actorKey struct{}

// WithActor returns a context whose writes act as a instead of the
// Store's account.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// actorFrom is the Actor ctx names, if any.
func actorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// appPermissionRoles are the directory roles an application's Graph
// permissions stand for in the rules: what an admin holding that role may
// change, the application may change with that permission. Permissions
// that only read grant none.
var appPermissionRoles = map[string][]string{
	"user.readwrite.all":                 {UserAdministrator},
	"directory.readwrite.all":            {UserAdministrator, "Groups Administrator"},
	"licenseassignment.readwrite.all":    {LicenseAdministrator},
	"rolemanagement.readwrite.directory": {PrivilegedRoleAdministrator},
}

// AppRoles are the roles an application holding permissions acts with.
func AppRoles(permissions []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range permissions {
		for _, r := range appPermissionRoles[strings.ToLower(p)] {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}
