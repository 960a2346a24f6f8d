package interp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// ErrorRecord is PowerShell's error record: the exception, the
// FullyQualifiedErrorId, the category, the target, and where it happened.
// Scripts see it as $_ in a catch block and in $Error.
type ErrorRecord struct {
	Exception *Exception
	ID        string // FullyQualifiedErrorId
	Category  string // ErrorCategory name, e.g. "ObjectNotFound"
	Target    any
	// Command is the name of the command that raised it, shown before the
	// message ("Set-UserLicense: ...").
	Command string
	// Details replaces the message when set, as ErrorDetails does.
	Details string

	file *syntax.File
	span syntax.Span
	// fatal marks an error that ends the script unless caught: throw, and
	// errors made terminating by -ErrorAction Stop.
	fatal bool
	// thrown marks an error raised by the throw statement, which
	// ConciseView labels "Exception".
	thrown bool
	// plainID keeps the command name out of FullyQualifiedErrorId, for
	// errors about finding the command rather than raised by it.
	plainID bool
	// engine marks an error the engine raises around the commands rather
	// than one of them, such as a call past the depth limit: it names no
	// command.
	engine bool
}

// Exception is the exception inside an error record.
type Exception struct {
	// Type is the .NET type name, e.g.
	// "System.Management.Automation.RuntimeException"; catch [Type] matches
	// on it.
	Type    string
	Message string
	Inner   *Exception
	// Extra holds further properties a module's exceptions carry (Graph
	// errors have more than a message).
	Extra *value.Object
}

const runtimeException = "System.Management.Automation.RuntimeException"

// NewError returns an error record with PowerShell's error id, category,
// target and message.
func NewError(id, category string, target any, msg string) *ErrorRecord {
	return &ErrorRecord{
		Exception: &Exception{Type: runtimeException, Message: msg},
		ID:        id,
		Category:  category,
		Target:    target,
	}
}

func (e *ErrorRecord) Error() string {
	if e.Details != "" {
		return e.Details
	}
	return e.Exception.Message
}

// ScriptText makes an error record print as its message, like ToString.
func (e *ErrorRecord) String() string { return e.Error() }

// asRecord wraps any error in an error record, keeping the id and category
// of value errors and the record itself when it already is one.
func asRecord(err error) *ErrorRecord {
	var rec *ErrorRecord
	if errors.As(err, &rec) {
		return rec
	}
	var verr *value.Error
	if errors.As(err, &verr) {
		cat := verr.Category
		if cat == "" {
			cat = "NotSpecified"
		}
		rec := NewError(verr.ID, cat, verr.Target, verr.Message)
		if verr.Exception != "" {
			rec.Exception.Type = verr.Exception
		}
		if verr.Cause != "" {
			rec.Exception.Inner = &Exception{Type: verr.Cause, Message: verr.Message}
		}
		return rec
	}
	var perr *syntax.Error
	if errors.As(err, &perr) {
		rec := NewError(perr.ID, "ParserError", nil, perr.Msg)
		rec.Exception.Type = "System.Management.Automation.ParseException"
		rec.span = perr.Span
		return rec
	}
	return NewError("RuntimeException", "NotSpecified", nil, err.Error())
}

// prefix is what ConciseView shows before the message: "Exception" for
// throw, the command name when a command raised the error, otherwise the
// category or, when that says nothing, the exception's short type name.
func (e *ErrorRecord) prefix() string {
	switch {
	case e.thrown:
		return "Exception"
	case e.Command != "":
		return e.Command
	case e.Category != "" && e.Category != "NotSpecified":
		return e.Category
	}
	return shortType(e.Exception.Type)
}

// Property exposes the record to scripts: $_.Exception.Message,
// $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.TargetObject,
// $_.InvocationInfo.ScriptLineNumber.
func (e *ErrorRecord) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "exception":
		return e.Exception, true
	case "fullyqualifiederrorid":
		id := e.ID
		if e.Command != "" && !e.plainID && !strings.Contains(id, ",") {
			id += "," + e.Command
		}
		return id, true
	case "categoryinfo":
		ci := value.NewObject("System.Management.Automation.ErrorCategoryInfo")
		ci.Set("Category", e.Category)
		ci.Set("Activity", e.Command)
		ci.Set("Reason", shortType(e.Exception.Type))
		ci.Set("TargetName", value.ToString(e.Target))
		return ci, true
	case "targetobject":
		return e.Target, true
	case "errordetails":
		if e.Details == "" {
			return nil, true
		}
		d := value.NewObject("System.Management.Automation.ErrorDetails")
		d.Set("Message", e.Details)
		return d, true
	case "invocationinfo":
		return e.invocationInfo(), true
	case "scriptstacktrace":
		return "", true
	}
	return nil, false
}

// TypeNames gives the record's .NET type for GetType() and -is.
func (e *ErrorRecord) TypeNames() []string {
	return []string{"System.Management.Automation.ErrorRecord", "System.Object"}
}

// PropertyNames lists the record's properties.
func (e *ErrorRecord) PropertyNames() []string {
	return []string{"Exception", "TargetObject", "CategoryInfo", "FullyQualifiedErrorId", "ErrorDetails", "InvocationInfo", "ScriptStackTrace"}
}

func (e *ErrorRecord) invocationInfo() *value.Object {
	ii := value.NewObject("System.Management.Automation.InvocationInfo")
	ii.Set("MyCommand", e.Command)
	name, line, text := "", 0, ""
	if e.file != nil {
		name = e.file.Name
		line = e.span.Start.Line
		text = sourceLine(e.file.Src, e.span.Start.Offset)
	}
	ii.Set("ScriptName", name)
	ii.Set("ScriptLineNumber", line)
	ii.Set("OffsetInLine", e.span.Start.Col)
	ii.Set("Line", text)
	ii.Set("PositionMessage", positionMessage(e))
	return ii
}

func shortType(t string) string {
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}

// Property exposes the exception: Message, InnerException, and the extra
// properties of module exceptions.
func (x *Exception) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "message":
		return x.Message, true
	case "innerexception":
		if x.Inner == nil {
			return nil, true
		}
		return x.Inner, true
	}
	if x.Extra != nil {
		return x.Extra.Get(name)
	}
	return nil, false
}

// PropertyNames lists the exception's properties.
func (x *Exception) PropertyNames() []string {
	names := []string{"Message", "InnerException"}
	if x.Extra != nil {
		names = append(names, x.Extra.Names()...)
	}
	return names
}

func (x *Exception) String() string { return x.Message }

// TypeNames gives the exception's .NET type and its bases.
func (x *Exception) TypeNames() []string {
	names := []string{x.Type}
	if strings.HasPrefix(x.Type, "System.Management.Automation.") && x.Type != runtimeException {
		names = append(names, runtimeException)
	}
	if x.Type != "System.Exception" {
		names = append(names, "System.SystemException", "System.Exception")
	}
	return append(names, "System.Object")
}

// isA reports whether the exception matches a catch [Type] clause. Type
// names match in full or without their namespace; System.Exception and
// RuntimeException catch everything licsh raises.
func (x *Exception) isA(typeName string) bool {
	t := strings.TrimPrefix(strings.ToLower(typeName), "system.")
	switch t {
	case "exception", "management.automation.runtimeexception", "runtimeexception":
		return true
	}
	for e := x; e != nil; e = e.Inner {
		own := strings.TrimPrefix(strings.ToLower(e.Type), "system.")
		if t == own || t == strings.ToLower(shortType(e.Type)) {
			return true
		}
	}
	return false
}

// newException makes the exception [Type]::new(message) creates.
func newException(typeName string, args []any) *Exception {
	full := typeName
	if !strings.Contains(full, ".") {
		full = "System." + full
	}
	x := &Exception{Type: full}
	if len(args) > 0 {
		x.Message = value.ToString(args[0])
	}
	if x.Message == "" {
		x.Message = "Exception of type '" + full + "' was thrown."
	}
	if len(args) > 1 {
		if inner, ok := args[1].(*Exception); ok {
			x.Inner = inner
		}
	}
	return x
}

// isErrorRecordType reports whether a type name names ErrorRecord.
func isErrorRecordType(name string) bool {
	n := strings.ToLower(name)
	return n == "system.management.automation.errorrecord" || n == "management.automation.errorrecord"
}

// newErrorRecord makes the record [ErrorRecord]::new(exception, errorId,
// category, target) creates, for $PSCmdlet.WriteError and
// ThrowTerminatingError.
func newErrorRecord(args []any) (*ErrorRecord, error) {
	if len(args) != 4 {
		return nil, NewError("MethodCountCouldNotFindBest", "NotSpecified", nil,
			fmt.Sprintf("Cannot find an overload for \"new\" and the argument count: \"%d\".", len(args)))
	}
	x, ok := args[0].(*Exception)
	if !ok {
		x = &Exception{Type: "System.Exception", Message: value.ToString(args[0])}
	}
	return &ErrorRecord{Exception: x, ID: value.ToString(args[1]), Category: value.ToString(args[2]), Target: args[3]}, nil
}

// isExceptionType reports whether a type name names an exception.
func isExceptionType(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), "exception")
}

// Flow control travels up the Go call stack as errors of these types. They
// are not error records: try/catch does not catch them, finally still runs.
type (
	breakFlow    struct{ label string }
	continueFlow struct{ label string }
	returnFlow   struct{ value any } // value is a class method's result
	exitFlow     struct{ code int }
)

func (*breakFlow) Error() string    { return "break outside a loop" }
func (*continueFlow) Error() string { return "continue outside a loop" }
func (*returnFlow) Error() string   { return "return" }
func (e *exitFlow) Error() string   { return "exit" }

// isCancel reports whether err says the user pressed Ctrl-C: the
// interpreter's own error, or the context's from a cmdlet that stopped on
// it.
func isCancel(err error) bool {
	return errors.Is(err, errCancelled) || errors.Is(err, context.Canceled)
}

// errCancelled is returned when the user pressed Ctrl-C.
var errCancelled = NewError("PipelineStopped", "OperationStopped", nil, "The pipeline has been stopped.")

// errStopUpstream unwinds the commands before one that called
// StopUpstream.
var errStopUpstream = errors.New("stop upstream")

// IsControl reports whether err is the pipeline telling a cmdlet to stop
// (Ctrl-C, or a later command such as Select-Object -First needing no more
// input) or flow control such as exit, rather than a failure. A cmdlet that
// turns the errors it meets into error records must return these as they
// are.
func IsControl(err error) bool {
	return isFlow(err) || errors.Is(err, errStopUpstream) || isCancel(err)
}

// isFlow reports whether err is flow control rather than an error.
func isFlow(err error) bool {
	switch err.(type) {
	case *breakFlow, *continueFlow, *returnFlow, *exitFlow:
		return true
	}
	return err == errStopUpstream
}
