package compat

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// Model is an object of one of the Microsoft modules' .NET model
// types (a Graph user, an MSOnline license, an AzureAD AssignedLicense): its
// properties are fixed, as a .NET class's are, so setting one it lacks fails
// as in PowerShell, and it prints as the module's type does.
type Model struct {
	typeName string
	props    *value.Object
	// Text is what the object shows as inside a list, e.g. a license's
	// SKU; "" shows the type name, as .NET's ToString does.
	Text string
}

// NewModel returns an object of the model type with no properties yet.
func NewModel(typeName string) *Model {
	return &Model{typeName: typeName, props: value.NewObject()}
}

// Set adds or changes a property, keeping the order of first addition.
func (m *Model) Set(name string, v any) *Model {
	m.props.Set(name, v)
	return m
}

// Property reads a property, case-insensitively.
func (m *Model) Property(name string) (any, bool) { return m.props.Get(name) }

// PropertyNames lists the properties in the module's order.
func (m *Model) PropertyNames() []string { return m.props.Names() }

// SetProperty assigns a property the type has, as scripts do to AzureAD's
// AssignedLicense objects.
func (m *Model) SetProperty(name string, v any) error {
	if !m.props.Has(name) {
		return &value.Error{ID: "PropertyNotFound", Category: "InvalidOperation",
			Message: fmt.Sprintf("The property '%s' cannot be found on this object. Verify that the property exists and can be set.", name)}
	}
	m.props.Set(name, v)
	return nil
}

// TypeNames gives the .NET type for GetType(), -is and the formatter.
func (m *Model) TypeNames() []string { return []string{m.typeName, "System.Object"} }

func (m *Model) String() string {
	if m.Text != "" {
		return m.Text
	}
	return m.typeName
}

// GraphRecord renders an error as the Graph module does: the command and
// its parameter set before the message, then the Status and ErrorCode
// lines, while $_.Exception.Message holds Graph's message alone.
func GraphRecord(command string, err error, target any, now time.Time) *interp.ErrorRecord {
	var rec *interp.ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	status, reason := tenant.GraphStatus(err)
	code := tenant.GraphErrorCode(err)
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
