package graphapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The Graph permissions each kind of call accepts, any one of them, as
// Graph's API reference lists them for application and delegated access.
var (
	permReadUsers     = []string{"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}
	permWriteUsers    = []string{"User.ReadWrite.All", "Directory.ReadWrite.All"}
	permDeleteUsers   = []string{"User.ReadWrite.All"}
	permAssignLicense = []string{"LicenseAssignment.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"}
	permReadLicenses  = []string{"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "LicenseAssignment.ReadWrite.All"}
	permReadSkus      = []string{"Organization.Read.All", "Directory.Read.All", "Directory.ReadWrite.All", "LicenseAssignment.ReadWrite.All"}
	permReadOrg       = []string{"Organization.Read.All", "Directory.Read.All", "Directory.ReadWrite.All", "User.Read"}
	permReadGroups    = []string{"Group.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"}
	permGroupLicense  = []string{"LicenseAssignment.ReadWrite.All", "Directory.ReadWrite.All"}
	permMemberOf      = []string{"User.Read.All", "User.ReadWrite.All", "Group.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"}
	permReadRoles     = []string{"Directory.Read.All", "Directory.ReadWrite.All", "RoleManagement.ReadWrite.Directory"}
	permRestore       = []string{"User.ReadWrite.All", "Directory.ReadWrite.All"}
	permCreateGroup   = []string{"Group.Create", "Group.ReadWrite.All", "Directory.ReadWrite.All"}
	permGroupRefs     = []string{"GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"}
	permRoleRefs      = []string{"RoleManagement.ReadWrite.Directory"}
	permRoleTemplates = []string{"RoleManagement.Read.Directory", "Directory.Read.All", "RoleManagement.ReadWrite.Directory", "Directory.ReadWrite.All"}
	permRevoke        = []string{"User.RevokeSessions.All", "User.ReadWrite.All", "Directory.ReadWrite.All"}
	permReadDomains   = []string{"Domain.Read.All", "Directory.Read.All", "Domain.ReadWrite.All", "Directory.ReadWrite.All"}
	permReadSubs      = []string{"Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All"}
)

// handler answers one route; args are the path's wildcards in order.
type handler func(a *API, ctx context.Context, req *request, args []string) (*reply, error)

// route is one of Graph's paths (after /v1.0, "*" standing for an id) with
// one method.
type route struct {
	method string
	segs   []string
	// perms are the permissions any of which allows the call; nil allows
	// any caller.
	perms []string
	// write counts the call against the write limits.
	write bool
	// me marks a path under /me, whose first argument is the signed-in
	// user.
	me bool
	// units is the call's cost in Graph's resource units before $select
	// and $top lower it.
	units  int
	handle handler
}

// buildRoutes lists the paths the server answers. A literal segment is
// listed before a wildcard: the first route that matches is the one.
func buildRoutes() []route {
	r := func(method, path string, perms []string, units int, h handler) route {
		return route{method: method, segs: strings.Split(path, "/"), perms: perms, units: units,
			write: method != http.MethodGet, handle: h}
	}
	me := func(rt route) route {
		rt.me = true
		return rt
	}
	return []route{
		r("POST", "$batch", nil, 0, (*API).batch),
		r("GET", "users/$count", permReadUsers, 1, (*API).countUsers),
		r("GET", "users", permReadUsers, 2, (*API).listUsers),
		r("POST", "users", permWriteUsers, 1, (*API).createUser),
		r("GET", "users/*", permReadUsers, 1, (*API).getUser),
		r("PATCH", "users/*", permWriteUsers, 1, (*API).updateUser),
		r("DELETE", "users/*", permDeleteUsers, 1, (*API).deleteUser),
		r("POST", "users/*/assignLicense", permAssignLicense, 1, (*API).assignUserLicense),
		r("GET", "users/*/licenseDetails", permReadLicenses, 2, (*API).licenseDetails),
		r("GET", "users/*/memberOf", permMemberOf, 2, (*API).memberOf),
		r("GET", "users/*/memberOf/microsoft.graph.group", permMemberOf, 2, (*API).memberOfGroups),
		r("POST", "users/*/revokeSignInSessions", permRevoke, 1, (*API).revokeSessions),
		me(r("GET", "me", nil, 1, (*API).getUser)),
		me(r("POST", "me/assignLicense", permAssignLicense, 1, (*API).assignUserLicense)),
		me(r("GET", "me/licenseDetails", nil, 2, (*API).licenseDetails)),
		me(r("GET", "me/memberOf", nil, 2, (*API).memberOf)),
		r("GET", "subscribedSkus", permReadSkus, 3, (*API).listSkus),
		r("GET", "subscribedSkus/*", permReadSkus, 1, (*API).getSku),
		r("GET", "organization", permReadOrg, 1, (*API).listOrganization),
		r("GET", "organization/*", permReadOrg, 1, (*API).getOrganization),
		r("GET", "domains", permReadDomains, 1, (*API).listDomains),
		r("GET", "groups", permReadGroups, 1, (*API).listGroups),
		r("POST", "groups", permCreateGroup, 1, (*API).createGroup),
		r("GET", "groups/*", permReadGroups, 1, (*API).getGroup),
		r("GET", "groups/*/members", permReadGroups, 3, (*API).groupMembers),
		r("GET", "groups/*/members/microsoft.graph.user", permReadGroups, 3, (*API).groupMembers),
		r("GET", "groups/*/members/$count", permReadGroups, 1, (*API).countGroupMembers),
		r("GET", "groups/*/members/microsoft.graph.user/$count", permReadGroups, 1, (*API).countGroupMembers),
		r("POST", "groups/*/members/$ref", permGroupRefs, 1, (*API).addMemberRef),
		r("DELETE", "groups/*/members/*/$ref", permGroupRefs, 1, (*API).removeMemberRef),
		r("GET", "groups/*/owners", permReadGroups, 3, (*API).groupOwners),
		r("GET", "groups/*/owners/microsoft.graph.user", permReadGroups, 3, (*API).groupOwners),
		r("POST", "groups/*/owners/$ref", permGroupRefs, 1, (*API).addOwnerRef),
		r("DELETE", "groups/*/owners/*/$ref", permGroupRefs, 1, (*API).removeOwnerRef),
		r("POST", "groups/*/assignLicense", permGroupLicense, 1, (*API).assignGroupLicense),
		r("GET", "directory/deletedItems/microsoft.graph.user", permReadUsers, 1, (*API).listDeleted),
		r("GET", "directory/deletedItems/*", permReadUsers, 1, (*API).getDeleted),
		r("POST", "directory/deletedItems/*/restore", permRestore, 1, (*API).restoreDeleted),
		r("GET", "directory/subscriptions", permReadSubs, 1, (*API).listSubscriptions),
		r("GET", "directoryRoles", permReadRoles, 1, (*API).listRoles),
		r("GET", "directoryRoles/*", permReadRoles, 1, (*API).getRole),
		r("GET", "directoryRoles/*/members", permReadRoles, 1, (*API).roleMembers),
		r("POST", "directoryRoles/*/members/$ref", permRoleRefs, 1, (*API).addRoleMemberRef),
		r("DELETE", "directoryRoles/*/members/*/$ref", permRoleRefs, 1, (*API).removeRoleMemberRef),
		r("GET", "directoryRoleTemplates", permRoleTemplates, 1, (*API).listRoleTemplates),
		r("GET", "auditLogs/directoryAudits", permReadAudit, 1, (*API).listDirectoryAudits),
	}
}

// segments splits an escaped path into its unescaped segments.
func segments(path string) ([]string, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil, errBadRequest("Invalid request: no resource was named after /v1.0.")
	}
	raw := strings.Split(path, "/")
	out := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, errSegment(s)
		}
		out[i] = u
	}
	return out, nil
}

// match finds the route of a method and path, with Graph's answers for a
// path it does not have and a method the path does not take.
func (a *API) match(method, path string) (*route, []string, error) {
	segs, err := segments(path)
	if err != nil {
		return nil, nil, err
	}
	depth, pathFound := 0, false
	for i := range a.routes {
		rt := &a.routes[i]
		args, k := rt.matches(segs)
		depth = max(depth, k)
		if k < len(segs) || len(rt.segs) != len(segs) {
			continue
		}
		if rt.method == method {
			return rt, args, nil
		}
		pathFound = true
	}
	if pathFound {
		return nil, nil, errMethod()
	}
	return nil, nil, errSegment(segs[min(depth, len(segs)-1)])
}

// matches reports the wildcard values of segs under rt and how many
// leading segments it matched.
func (rt *route) matches(segs []string) ([]string, int) {
	var args []string
	for i, s := range segs {
		if i >= len(rt.segs) {
			return nil, i
		}
		switch p := rt.segs[i]; {
		case p == "*" && s != "":
			args = append(args, s)
		case strings.EqualFold(p, s):
		default:
			return nil, i
		}
	}
	return args, len(segs)
}

// cost is the request's cost in resource units, as Graph's identity and
// access throttling counts it: $select and a $top under 20 each take one
// off, down to 1.
func (rt *route) cost(req *request) int {
	n := rt.units
	if req.query.Get("$select") != "" {
		n--
	}
	if top, err := strconv.Atoi(req.query.Get("$top")); err == nil && top < 20 {
		n--
	}
	return max(n, 1)
}
