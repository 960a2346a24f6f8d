package value

import "fmt"

// newError builds an *Error; the message is PowerShell's text.
func newError(id, category, format string, args ...any) *Error {
	return &Error{ID: id, Category: category, Message: fmt.Sprintf(format, args...)}
}

// castError is PowerShell's "Cannot convert value" error, used when a
// conversion reaches .NET and .NET reports why it failed.
func castError(id string, v any, target, reason string) *Error {
	return newError(id, "InvalidArgument", "Cannot convert value \"%s\" to type \"%s\". Error: \"%s\"",
		ToString(v), target, reason)
}

// badFormat is .NET's reason for a string that is not a number.
func badFormat(v any) string {
	return "The input string '" + ToString(v) + "' was not in a correct format."
}

// invalidCast is PowerShell's error when no conversion exists between the
// two types at all.
func invalidCast(v any, target string) *Error {
	return newError("ConvertToFinalInvalidCastException", "InvalidArgument",
		"Cannot convert the \"%s\" value of type \"%s\" to type \"%s\".", ToString(v), TypeName(v), target)
}

func methodNotFound(typeName, method string) *Error {
	return newError("MethodNotFound", "InvalidOperation",
		"Method invocation failed because [%s] does not contain a method named '%s'.", typeName, method)
}

func typeNotFound(name string) *Error {
	return newError("TypeNotFound", "InvalidOperation", "Unable to find type [%s].", name)
}

var errDivideByZero = &Error{ID: "RuntimeException", Category: "NotSpecified", Message: "Attempted to divide by zero.", Cause: "System.DivideByZeroException"}

func argCountError(method string, n int) *Error {
	return newError("MethodCountCouldNotFindBest", "NotSpecified",
		"Cannot find an overload for \"%s\" and the argument count: \"%d\".", method, n)
}

// maxBuild bounds strings and arrays built by repetition and padding; past
// it .NET would run out of memory, and licsh reports the same error rather
// than exhausting the machine.
const maxBuild = 1 << 28

var errOutOfMemory = &Error{ID: "System.OutOfMemoryException", Category: "NotSpecified",
	Message: "Exception of type 'System.OutOfMemoryException' was thrown."}
