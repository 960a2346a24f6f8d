// Package scripts ships the Go cmdlets in cmdlets/ inside the licsh binary,
// so they work from `go run ./cmd/licsh` and from an installed binary
// alike. The files carry the licsh build tag: they are interpreted by licsh
// (shell/goext), never compiled into it.
package scripts

import "embed"

// Cmdlets holds cmdlets/*.go.
//
//go:embed cmdlets/*.go
var Cmdlets embed.FS
