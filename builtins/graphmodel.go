package builtins

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// modelObject is an object of one of the Microsoft modules' .NET model
// types (a Graph user, an MSOnline license, an AzureAD AssignedLicense): its
// properties are fixed, as a .NET class's are, so setting one it lacks fails
// as in PowerShell, and it prints as the module's type does.
type modelObject struct {
	typeName string
	props    *value.Object
	// text is what the object shows as inside a list, e.g. a license's
	// SKU; "" shows the type name, as .NET's ToString does.
	text string
}

func newModel(typeName string) *modelObject {
	return &modelObject{typeName: typeName, props: value.NewObject()}
}

// set adds or changes a property, keeping the order of first addition.
func (m *modelObject) set(name string, v any) *modelObject {
	m.props.Set(name, v)
	return m
}

// Property reads a property, case-insensitively.
func (m *modelObject) Property(name string) (any, bool) { return m.props.Get(name) }

// PropertyNames lists the properties in the module's order.
func (m *modelObject) PropertyNames() []string { return m.props.Names() }

// SetProperty assigns a property the type has, as scripts do to AzureAD's
// AssignedLicense objects.
func (m *modelObject) SetProperty(name string, v any) error {
	if !m.props.Has(name) {
		return &value.Error{ID: "PropertyNotFound", Category: "InvalidOperation",
			Message: fmt.Sprintf("The property '%s' cannot be found on this object. Verify that the property exists and can be set.", name)}
	}
	m.props.Set(name, v)
	return nil
}

// TypeNames gives the .NET type for GetType(), -is and the formatter.
func (m *modelObject) TypeNames() []string { return []string{m.typeName, "System.Object"} }

func (m *modelObject) String() string {
	if m.text != "" {
		return m.text
	}
	return m.typeName
}

// moduleSession remembers which modules a licsh session has connected, as
// each real module refuses to work before its Connect cmdlet ran.
type moduleSession struct {
	graph, msol, azuread bool
}

// graphStatus is the HTTP status Graph answers a tenant refusal with.
func graphStatus(err error) (int, string) {
	var te *tenant.Error
	if !errors.As(err, &te) {
		return 500, "InternalServerError"
	}
	switch te.Code {
	case tenant.CodeUserNotFound, tenant.CodeGroupNotFound:
		return 404, "NotFound"
	case tenant.CodeAccessDenied:
		return 403, "Forbidden"
	}
	return 400, "BadRequest"
}

// graphErrorCode is the ErrorCode line Graph shows for a tenant refusal.
func graphErrorCode(err error) string {
	var te *tenant.Error
	if !errors.As(err, &te) {
		return "generalException"
	}
	switch te.Code {
	case tenant.CodeUserNotFound, tenant.CodeGroupNotFound, tenant.CodeAccessDenied,
		tenant.CodeInvalidQuery, tenant.CodeUnsupportedQuery:
		return string(te.Code)
	}
	return "Request_BadRequest"
}

// graphRecord renders an error as the Graph module does: the command and
// its parameter set before the message, then the Status and ErrorCode
// lines, while $_.Exception.Message holds Graph's message alone.
func graphRecord(command string, err error, target any, now time.Time) *interp.ErrorRecord {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	status, reason := graphStatus(err)
	code := graphErrorCode(err)
	rec = interp.NewError(code+",Microsoft.Graph.PowerShell.Cmdlets."+strings.ReplaceAll(command, "-", ""),
		graphCategory(status), target, err.Error())
	rec.Exception.Type = "System.Exception"
	rec.Command = command
	rec.Details = fmt.Sprintf("%s\n\nStatus: %d (%s)\nErrorCode: %s\nDate: %s",
		err.Error(), status, reason, code, now.UTC().Format("2006-01-02T15:04:05"))
	extra := value.NewObject()
	extra.Set("Code", code)
	extra.Set("Status", status)
	rec.Exception.Extra = extra
	return rec
}

func graphCategory(status int) string {
	switch status {
	case 404:
		return "ObjectNotFound"
	case 403:
		return "PermissionDenied"
	}
	return "InvalidOperation"
}

// graphRequestError is a refusal Graph makes before the tenant sees the
// request: a malformed value or an unknown property.
func graphRequestError(msg string) *tenant.Error {
	return &tenant.Error{Code: "Request_BadRequest", Message: msg}
}

// errEdmGuid is Graph's answer to a license that is not a GUID.
func errEdmGuid() *tenant.Error {
	return graphRequestError("Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details.")
}
