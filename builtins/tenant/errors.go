package tenant

import (
	"errors"
	"fmt"
)

// Code classifies an *Error so that cmdlets can pick their own module's
// wording or error category while the default Message stays Microsoft's.
type Code string

// Error codes. Their Message texts are a contract: scripts match on them.
const (
	CodeNotInitialized       Code = "TenantNotInitialized"
	CodeAlreadyExists        Code = "AlreadyExists"
	CodeAccessDenied         Code = "Authorization_RequestDenied"
	CodeUserNotFound         Code = "Request_ResourceNotFound"
	CodeSkuNotFound          Code = "InvalidLicense"
	CodeSkuAmbiguous         Code = "AmbiguousLicense"
	CodeNoSeats              Code = "CountViolation"
	CodeUsageLocation        Code = "UsageLocationMissing"
	CodeInherited            Code = "InheritedLicense"
	CodeSelfService          Code = "SelfServiceSubscription"
	CodeNoChanges            Code = "NoLicenseChanges"
	CodeInvalidValue         Code = "InvalidValue"
	CodeQuantityTooLow       Code = "QuantityBelowAssigned"
	CodeRestoreExpired       Code = "RestoreWindowExpired"
	CodeGroupNotFound        Code = "GroupNotFound"
	CodeSubscriptionNotFound Code = "SubscriptionNotFound"
	CodeBatchNotFound        Code = "BatchNotFound"
	CodeLicenseNotHeld       Code = "LicenseNotHeld"
	CodeNotSignedIn          Code = "NotSignedIn"
	CodeNotMember            Code = "NotMember"
	CodeMailboxLicense       Code = "MailboxLicenseRequired"
	CodeAddressInUse         Code = "ProxyAddressExists"
	CodeTenantBusy           Code = "TenantBusy"
	CodeListChanged          Code = "ListChanged"
	CodeDiskFull             Code = "DiskFull"
	CodeTenantIO             Code = "TenantIOError"
	CodeReadOnly             Code = "TenantReadOnly"
	CodeTooComplex           Code = "QueryTooComplex"
	// CodeAppOnly is the answer of a Directory signed in as an application
	// acting on its own, which has no account, to what needs one.
	CodeAppOnly Code = "AppOnlySignIn"
	// CodeAccountFixed is the refusal of a Directory whose account is the
	// one its sign-in named to act as another.
	CodeAccountFixed Code = "AccountFixedBySignIn"
)

// Error is a refusal by a tenant rule. Nothing was changed when a write
// returns one.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// IsCode reports whether err is an *Error with the given code.
func IsCode(err error, code Code) bool {
	var te *Error
	return errors.As(err, &te) && te.Code == code
}

func newError(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrUserNotFound is the refusal of a user, or any directory object, that
// the tenant does not have.
func ErrUserNotFound(identity string) *Error {
	return newError(CodeUserNotFound, "Resource '%s' does not exist or one of its queried reference-property objects are not present.", identity)
}

func errSkuNotFound(sku string) *Error {
	return newError(CodeSkuNotFound, "License %s does not correspond to a valid company License.", sku)
}

func errNoSeats(skuID string) *Error {
	return newError(CodeNoSeats, "Subscription with SKU %s does not have any available licenses.", skuID)
}

// errAccessDenied is the refusal of rule 1. Like the other fixed-text
// refusals it is built on each use, so that no caller can change a shared
// value.
func errAccessDenied() *Error {
	return newError(CodeAccessDenied, "Insufficient privileges to complete the operation.")
}

func errUsageLocation() *Error {
	return newError(CodeUsageLocation, "License assignment cannot be done for user with invalid usage location.")
}

func errInherited() *Error {
	return newError(CodeInherited, "User license is inherited from a group membership and it cannot be removed directly from the user.")
}

// ErrNoLicenseChanges is the refusal of a license change that names no
// license to add or remove.
func ErrNoLicenseChanges() *Error { return errNoChanges() }

func errNoChanges() *Error {
	return newError(CodeNoChanges, "No license changes provided. At least one license to add or remove must be specified.")
}

func errNotInitialized() *Error {
	return newError(CodeNotInitialized, "The tenant is not initialized. Run Initialize-Tenant first.")
}

func errNotSignedIn() *Error {
	return newError(CodeNotSignedIn, "No account is signed in: the last sign-in failed.")
}

// ErrAlreadyExists is Graph's refusal of a value that another object has
// for a property that must be unique.
func ErrAlreadyExists(property string) *Error {
	return newError(CodeAlreadyExists, "Another object with the same value for property %s already exists.", property)
}

// ErrNotMember is the refusal to remove a user from a group they are not
// a member of.
func ErrNotMember(upn, group string) *Error {
	return newError(CodeNotMember, "User '%s' is not a member of group '%s'.", upn, group)
}

// ErrNotOwner is the refusal to take a group's ownership from a user who
// does not own it.
func ErrNotOwner(upn, group string) *Error {
	return newError(CodeNotMember, "User '%s' is not an owner of group '%s'.", upn, group)
}

// ErrRoleNotHeld is the refusal to take an admin role from a user who
// does not hold it.
func ErrRoleNotHeld(upn, role string) *Error {
	return newError(CodeInvalidValue, "User '%s' does not hold the role '%s'.", upn, role)
}

func errLastGlobalAdmin() *Error {
	return newError(CodeInvalidValue, "The last Global Administrator of the tenant cannot be removed.")
}

func errDeleteSelf() *Error {
	return newError(CodeInvalidValue, "You cannot delete the account you are signed in with.")
}

// errLicenseNotHeld is Graph's refusal of an assignLicense that removes a
// license the user does not hold.
func errLicenseNotHeld() *Error {
	return newError(CodeLicenseNotHeld, "User does not have a corresponding license.")
}

// ErrSelfService is the refusal of an admin's change of a license whose
// product is a self-service purchase not yet taken over.
func ErrSelfService(skuID string) *Error {
	return newError(CodeSelfService,
		"License %s belongs to a self-service purchase subscription and cannot be assigned or removed by an admin until the subscription is taken over.", skuID)
}

func errPlanNotInSku(plan, skuID string) *Error {
	return newError(CodeInvalidValue, "Service plan '%s' is not part of license %s.", plan, skuID)
}

// errPasswordPolicy is Microsoft Entra's refusal of a password that does
// not meet its policy.
func errPasswordPolicy() *Error {
	return newError(CodeInvalidValue, "The specified password does not comply with password complexity requirements. Please provide a different password.")
}

// ErrAppOnly is the answer to what needs the signed-in account, such as
// Account, of a session signed in as the application app (its id appID),
// which acts on its own and has none.
func ErrAppOnly(app, appID string) *Error {
	return newError(CodeAppOnly, "The session is signed in as the application '%s' (%s), which acts on its own: it has no signed-in account.", app, appID)
}

// ErrAccountFixed is the refusal to act as upn of a session whose sign-in
// made it act as account.
func ErrAccountFixed(account, upn string) *Error {
	return newError(CodeAccountFixed, "The session is signed in as '%s' and acts as that account; sign in as '%s' to act as them.", account, upn)
}
