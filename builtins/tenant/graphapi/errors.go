package graphapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"licsh/builtins/tenant"
)

// apiError is an answer of Graph's with an error body: its status, code and
// message, and the headers that go with it.
type apiError struct {
	status  int
	code    string
	message string
	header  http.Header
}

func (e *apiError) Error() string { return e.message }

func newAPIError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// Graph's refusals of requests it cannot read.
func errBadRequest(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, "BadRequest", format, args...)
}

func errRequestBadRequest(format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, string(tenant.CodeRequestBadRequest), format, args...)
}

func errMalformedJSON() *apiError {
	return errBadRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
}

func errTooLarge() *apiError {
	return newAPIError(http.StatusRequestEntityTooLarge, "BadRequest", "The maximum request length supported is 4MB.")
}

func errSegment(seg string) *apiError {
	return errBadRequest("Resource not found for the segment '%s'.", seg)
}

func errMethod() *apiError {
	return newAPIError(http.StatusMethodNotAllowed, string(tenant.CodeRequestBadRequest), "Specified HTTP method is not allowed for the request target.")
}

func errDenied() *apiError {
	return newAPIError(http.StatusForbidden, string(tenant.CodeAccessDenied), "Insufficient privileges to complete the operation.")
}

func errInvalidID(id string) *apiError {
	return errRequestBadRequest("Invalid object identifier '%s'.", id)
}

// asAPIError turns any error of a handler into Graph's answer: a tenant
// refusal with tenant.GraphStatus and tenant.GraphErrorCode, anything else
// as Graph's internal error.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var te *tenant.Error
	if errors.As(err, &te) {
		status, _ := tenant.GraphStatus(err)
		return &apiError{status: status, code: tenant.GraphErrorCode(err), message: te.Message}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return newAPIError(http.StatusServiceUnavailable, "serviceNotAvailable", "The service is shutting down; retry the request.")
	}
	return newAPIError(http.StatusInternalServerError, "generalException", "An internal server error occurred: %v", err)
}
