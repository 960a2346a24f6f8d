package cmdlet

import "licsh/shell/value"

// NewError returns an error with PowerShell's error id
// (FullyQualifiedErrorId without the command), category, target object and
// message, as the session shows and $_ in a catch block sees it.
func NewError(id, category string, target any, msg string) error {
	return &value.Error{ID: id, Category: category, Target: target, Message: msg}
}

// IdentityProperties are the properties that name a user on an object, in
// the order Identity reads them: licsh's own objects, Graph, MSOnline and
// AzureAD objects, and the admin center's "Export users" file. A user
// parameter takes them as aliases, to bind them from the pipeline.
func IdentityProperties() []string {
	return []string{"UserPrincipalName", "UPN", "User principal name", "Id", "ObjectId", "UserId"}
}

// Identity is the user a value names: the text itself, or the first of an
// object's IdentityProperties that is set. It is "" for nil.
func Identity(v any) string {
	if o, ok := v.(*value.Object); ok {
		for _, n := range IdentityProperties() {
			if id, ok := o.Get(n); ok && id != nil {
				return value.ToString(id)
			}
		}
	}
	if v == nil {
		return ""
	}
	return value.ToString(v)
}

// Prop returns a property of an object (or a hashtable's key) as a string,
// "" when it is missing or null.
func Prop(v any, name string) string {
	p, _ := value.GetMember(v, name)
	if p == nil {
		return ""
	}
	return value.ToString(p)
}

// Items returns the items of a collection, the value alone as a list of
// one, or nil for nil.
func Items(v any) []any {
	if v == nil {
		return nil
	}
	if items, ok := value.Enumerate(v); ok {
		return items
	}
	return []any{v}
}

// Run runs another command with the named parameters and returns its
// output; its first error, terminating or not, comes back as an error of
// c, which c's own -ErrorAction then governs. It is RunCommand with
// -ErrorAction Stop and no pipeline input.
func Run(c Call, name string, params map[string]any) ([]any, error) {
	p := make(map[string]any, len(params)+1)
	for k, v := range params {
		p[k] = v
	}
	p["ErrorAction"] = "Stop"
	return c.RunCommand(name, p, nil)
}

// Session returns the call that a Go program run with `licsh -File` works
// through: its Write sends objects to licsh's output, and RunCommand, Run,
// WriteWarning, WriteError, ShouldProcess and Context work as in a
// cmdlet. licsh's interpreter provides it; compiled into any other program
// it is nil, there being no session.
func Session() Call { return nil }
