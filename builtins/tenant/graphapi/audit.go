package graphapi

import (
	"cmp"
	"context"
	"crypto/sha1"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"licsh/builtins/tenant"
)

// permReadAudit reads Entra's directory audit log.
var permReadAudit = []string{"AuditLog.Read.All"}

// auditQuery is what a $filter on directoryAudits asks for; "" matches
// everything. Each text matches exactly, ignoring case.
type auditQuery struct {
	activity string
	user     string // initiatedBy/user/userPrincipalName
	app      string // initiatedBy/app/displayName
	target   string
	// targetProperty is the property of a target resource target matches:
	// userPrincipalName or displayName.
	targetProperty string
}

// The clauses of a $filter on directoryAudits that the server reads: the
// ones Graph documents for the properties a tenant's audit log has.
var (
	auditActivity = regexp.MustCompile(`^activityDisplayName\s+eq\s+'((?:[^']|'')*)'$`)
	auditUser     = regexp.MustCompile(`^initiatedBy/user/userPrincipalName\s+eq\s+'((?:[^']|'')*)'$`)
	auditApp      = regexp.MustCompile(`^initiatedBy/app/displayName\s+eq\s+'((?:[^']|'')*)'$`)
	auditTarget   = regexp.MustCompile(`^targetResources/any\((\w+):\s*(\w+)/(userPrincipalName|displayName)\s+eq\s+'((?:[^']|'')*)'\)$`)
)

// parseAuditFilter reads a $filter of clauses joined by and.
func parseAuditFilter(text string) (auditQuery, error) {
	var q auditQuery
	if strings.TrimSpace(text) == "" {
		return q, nil
	}
	unquote := func(s string) string { return strings.ReplaceAll(s, "''", "'") }
	for _, clause := range splitAnd(text) {
		clause = strings.TrimSpace(clause)
		switch {
		case auditActivity.MatchString(clause):
			q.activity = unquote(auditActivity.FindStringSubmatch(clause)[1])
		case auditUser.MatchString(clause):
			q.user = unquote(auditUser.FindStringSubmatch(clause)[1])
		case auditApp.MatchString(clause):
			q.app = unquote(auditApp.FindStringSubmatch(clause)[1])
		case auditTarget.MatchString(clause):
			m := auditTarget.FindStringSubmatch(clause)
			if m[1] != m[2] {
				return q, tenant.ErrAuditFilter()
			}
			q.targetProperty, q.target = m[3], unquote(m[4])
		default:
			return q, tenant.ErrAuditFilter()
		}
	}
	return q, nil
}

// splitAnd splits a filter at the ands outside its quoted texts.
func splitAnd(text string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '\'':
			quoted = !quoted
		case !quoted && i+5 <= len(text) && strings.EqualFold(text[i:i+5], " and "):
			out = append(out, text[start:i])
			start = i + 5
			i += 4
		}
	}
	return append(out, text[start:])
}

// listDirectoryAudits answers auditLogs/directoryAudits from the tenant's
// audit log: the rows of the operations Entra has an activity for
// (tenant.EntraActivities), newest first, in directoryAudit's shape.
func (a *API) listDirectoryAudits(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	q, err := parseAuditFilter(req.query.Get("$filter"))
	if err != nil {
		return nil, err
	}
	ascending := false
	switch v := strings.Join(strings.Fields(req.query.Get("$orderby")), " "); strings.ToLower(v) {
	case "", "activitydatetime desc":
	case "activitydatetime", "activitydatetime asc":
		ascending = true
	default:
		return nil, tenant.ErrSortNotSupported()
	}
	// The tenant's log selects what it can by its own columns; the rest
	// is matched on the entries as Graph gives them.
	var f tenant.AuditFilter
	if q.activity != "" {
		act, ok := tenant.EntraOperation(q.activity)
		if !ok {
			return req.pageOf("auditLogs/directoryAudits", o, nil), nil
		}
		f.Operation = act.Operation
	}
	if q.user != "" && q.app != "" && !strings.EqualFold(q.user, q.app) {
		return req.pageOf("auditLogs/directoryAudits", o, nil), nil
	}
	f.Actor = cmp.Or(q.user, q.app)
	if q.targetProperty == "userPrincipalName" {
		f.Target = q.target
	}
	rows, err := a.store.AuditLog(ctx, f)
	if err != nil {
		return nil, err
	}
	ids := &auditIDs{a: a, users: map[string]any{}, groups: map[string]any{}, apps: map[string]any{}}
	var items []object
	for _, e := range rows {
		act, ok := tenant.EntraActivityOf(e.Operation)
		if !ok || !q.matches(e, act) {
			continue
		}
		items = append(items, a.directoryAudit(ctx, e, act, ids))
	}
	if !ascending {
		slices.Reverse(items)
	}
	return req.pageOf("auditLogs/directoryAudits", o, items), nil
}

// matches reports whether an audit row, as Graph gives it, passes the
// clauses the tenant's log does not select by.
func (q auditQuery) matches(e tenant.AuditEntry, act tenant.EntraActivity) bool {
	isUser := strings.Contains(e.Actor, "@")
	if q.user != "" && !isUser || q.app != "" && isUser {
		return false
	}
	if q.target == "" {
		return true
	}
	if q.targetProperty == "userPrincipalName" {
		return act.TargetType == "User" && strings.EqualFold(e.Target, q.target)
	}
	return act.TargetType != "User" && strings.EqualFold(e.Target, q.target) ||
		act.Container != "" && strings.EqualFold(e.Detail, q.target)
}

// auditIDs finds the object ids of the users and groups audit rows name,
// each once per request.
type auditIDs struct {
	a      *API
	users  map[string]any
	groups map[string]any
	apps   map[string]any
}

func (ids *auditIDs) user(ctx context.Context, upn string) any {
	key := strings.ToLower(upn)
	if id, ok := ids.users[key]; ok {
		return id
	}
	var id any
	if u, err := ids.a.store.GetUser(ctx, upn); err == nil {
		id = u.ID
	}
	ids.users[key] = id
	return id
}

func (ids *auditIDs) app(ctx context.Context, name string) any {
	if id, ok := ids.apps[name]; ok {
		return id
	}
	var id any
	if apps, err := ids.a.store.AppRegistrations(ctx, name); err == nil && len(apps) == 1 {
		id = apps[0].AppID
	}
	ids.apps[name] = id
	return id
}

func (ids *auditIDs) group(ctx context.Context, name string) any {
	key := strings.ToLower(name)
	if id, ok := ids.groups[key]; ok {
		return id
	}
	var id any
	if gs, err := ids.a.store.Groups(ctx, name); err == nil && len(gs) == 1 {
		id = gs[0].ID
	}
	ids.groups[key] = id
	return id
}

// directoryAudit is one audit row as Graph's directoryAudit: the activity
// and its category, who initiated it (a user by user principal name, else
// an application by display name), the changed object and, for a member
// or owner, what it was added to or removed from.
func (a *API) directoryAudit(ctx context.Context, e tenant.AuditEntry, act tenant.EntraActivity, ids *auditIDs) object {
	var user, app any
	switch {
	case strings.Contains(e.Actor, "@"):
		user = object{{"id", ids.user(ctx, e.Actor)}, {"displayName", nil}, {"userPrincipalName", e.Actor}, {"ipAddress", nil}}
	case e.Actor != "":
		app = object{{"appId", ids.app(ctx, e.Actor)}, {"displayName", e.Actor}, {"servicePrincipalId", nil}, {"servicePrincipalName", nil}}
	}
	modified := []object{}
	if act.Property != "" {
		modified = append(modified, object{{"displayName", act.Property}, {"oldValue", orNull(e.Before)}, {"newValue", orNull(e.After)}})
	}
	if act.Container != "" {
		modified = append(modified, object{{"displayName", act.Container + ".DisplayName"}, {"oldValue", nil}, {"newValue", strconv.Quote(e.Detail)}})
	}
	first := object{{"id", nil}, {"displayName", nil}, {"type", act.TargetType}, {"userPrincipalName", nil}, {"groupType", nil},
		{"modifiedProperties", modified}}
	if act.TargetType == "User" {
		first[0].val, first[3].val = ids.user(ctx, e.Target), e.Target
	} else {
		first[0].val, first[1].val = ids.group(ctx, e.Target), e.Target
	}
	targets := []object{first}
	if act.Container != "" {
		var id any
		if act.Container == "Group" {
			id = ids.group(ctx, e.Detail)
		}
		targets = append(targets, object{{"id", id}, {"displayName", e.Detail}, {"type", act.Container}, {"userPrincipalName", nil},
			{"groupType", nil}, {"modifiedProperties", []object{}}})
	}
	return object{
		{"id", fmt.Sprintf("Directory_%s_%d", a.tenantID, e.ID)},
		{"category", act.Category},
		{"correlationId", correlationID(a.tenantID, e)},
		{"result", "success"},
		{"resultReason", ""},
		{"activityDisplayName", act.Activity},
		{"activityDateTime", graphTime(e.Time)},
		{"loggedByService", "Core Directory"},
		{"operationType", operationType(act.Activity)},
		{"initiatedBy", object{{"app", app}, {"user", user}}},
		{"targetResources", targets},
		{"additionalDetails", []object{}},
	}
}

// correlationID is the same for the rows of one batch, as Entra's is for
// the activities of one request, and the row's own otherwise.
func correlationID(tenantID string, e tenant.AuditEntry) string {
	key := fmt.Sprintf("%s/entry/%d", tenantID, e.ID)
	if e.BatchID != 0 {
		key = fmt.Sprintf("%s/batch/%d", tenantID, e.BatchID)
	}
	return uuid.NewHash(sha1.New(), uuid.NameSpaceURL, []byte(key), 5).String()
}

// operationType is directoryAudit's kind of change of an activity.
func operationType(activity string) string {
	verb, _, _ := strings.Cut(activity, " ")
	switch verb {
	case "Add", "Delete":
		return verb
	case "Remove":
		return "Unassign"
	}
	return "Update"
}

// orNull is a modified property's value: null when there was none.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
