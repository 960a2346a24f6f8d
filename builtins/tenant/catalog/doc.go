// Package catalog is the SKU catalog: the Microsoft 365 products an admin can
// license (part number, SKU GUID, display name and the service plans each one
// includes).
//
// A catalog of the most common products is built in; it is generated from
// Microsoft's "Product names and service plan identifiers for licensing" CSV
// and embedded in the binary. ReadCSV reads that same official file when a
// user imports a newer one, and Merge layers it over the built-in catalog.
//
// The package only answers "which product is this?". It knows nothing of
// tenants, subscriptions, seats or PowerShell: resolving a user's SKU text such
// as "contoso:SPE_E5" and producing PowerShell error texts belong to its
// callers.
package catalog
