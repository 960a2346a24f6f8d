package tenant

import (
	"errors"
	"regexp"
	"strings"
)

// How Microsoft Graph answers the tenant's refusals, shared by Graph's
// PowerShell cmdlets and the Graph API server so that both say the same.

// CodeRequestBadRequest is the code of Graph's refusals of a request it
// could read but not accept.
const CodeRequestBadRequest Code = "Request_BadRequest"

// GraphStatus is the HTTP status and reason Graph answers a refusal with:
// 404 for an object it does not have, 403 for one the caller may not
// change, 507 when the tenant's disk is full, 400 for the rest; anything
// that is not a refusal is 500.
func GraphStatus(err error) (int, string) {
	var te *Error
	if !errors.As(err, &te) {
		return 500, "InternalServerError"
	}
	switch te.Code {
	case CodeUserNotFound, CodeGroupNotFound:
		return 404, "NotFound"
	case CodeAccessDenied:
		return 403, "Forbidden"
	case CodeDiskFull:
		return 507, "InsufficientStorage"
	}
	return 400, "BadRequest"
}

// GraphErrorCode is the code of Graph's error body for a refusal.
func GraphErrorCode(err error) string {
	var te *Error
	if !errors.As(err, &te) {
		return "generalException"
	}
	switch te.Code {
	case CodeUserNotFound, CodeGroupNotFound:
		return string(CodeUserNotFound)
	case CodeAccessDenied, CodeInvalidQuery, CodeUnsupportedQuery, CodeRequestBadRequest:
		return string(te.Code)
	}
	return string(CodeRequestBadRequest)
}

// GraphRequestError is a refusal Graph makes before the tenant sees the
// request: a malformed value or an unknown property.
func GraphRequestError(msg string) *Error {
	return &Error{Code: CodeRequestBadRequest, Message: msg}
}

// ErrEdmGuid is Graph's answer to a license that is not a GUID.
func ErrEdmGuid() *Error {
	return GraphRequestError("Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details.")
}

// ErrRequiredProperty is Graph's refusal of a new object without a
// property it needs.
func ErrRequiredProperty(name string) *Error {
	return GraphRequestError("Property " + name + " value is required but is empty or missing.")
}

// ErrSearchNeedsEventual is Graph's refusal of $search without the
// ConsistencyLevel header.
func ErrSearchNeedsEventual() *Error {
	return newError(CodeUnsupportedQuery, "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'")
}

// graphRefusals are the tenant's refusals that come back in the words of
// Graph's error answers, each value they name written "\x00": Graph's code
// is Request_BadRequest for most, so FromGraph tells them apart by their
// words, which are these constructors' and no second copy of them.
func graphRefusals() []*Error {
	const v = "\x00"
	return []*Error{
		ErrUserNotFound(v), errAccessDenied(), errSkuNotFound(v), errNoSeats(v), errUsageLocation(), errInherited(),
		errNoChanges(), ErrSelfService(v), errLicenseNotHeld(), errAlreadyReferenced(v), ErrAlreadyExists(v),
		ErrNotMember(v, v), ErrNotOwner(v, v), ErrRoleNotHeld(v, v), ErrUnknownRole(v), errLastGlobalAdmin(),
		errDeleteSelf(), errPasswordPolicy(), errPlanNotInSku(v, v), ErrInvalidProperty(v), errGroupName(),
		errAddressInUse(v),
	}
}

// FromGraph is the tenant refusal that Microsoft Graph's error answer (its
// HTTP status, error code and message) stands for, the other way round
// from GraphStatus and GraphErrorCode: the Code of the tenant refusal with
// the same words, and Graph's message as it is. An answer in words no
// refusal of the tenant has keeps Graph's code, except that 403 is
// CodeAccessDenied, 404 CodeUserNotFound and 507 CodeDiskFull, as
// GraphStatus answers them.
func FromGraph(status int, code, message string) *Error {
	for _, r := range graphRefusals() {
		parts := strings.Split(r.Message, "\x00")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		if regexp.MustCompile("^" + strings.Join(parts, "(.*)") + "$").MatchString(message) {
			return &Error{Code: r.Code, Message: message}
		}
	}
	switch status {
	case 403:
		return &Error{Code: CodeAccessDenied, Message: message}
	case 404:
		return &Error{Code: CodeUserNotFound, Message: message}
	case 507:
		return &Error{Code: CodeDiskFull, Message: message}
	}
	return &Error{Code: Code(code), Message: message}
}
