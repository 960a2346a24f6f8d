// Package interp runs parsed scripts: a tree-walking evaluator with
// PowerShell's dynamic scopes, streaming pipelines, the three tiers of
// errors (non-terminating, statement-terminating, script-terminating), the
// parameter binder (names by unique prefix and alias, positions, switches,
// splatting, pipeline input by value and by property name, parameter sets,
// common parameters) and ShouldProcess (-WhatIf, -Confirm).
//
// The interpreter knows no cmdlets and no licenses: it is given a Host (its
// streams, terminal width, prompts and clock) and a Registry of Cmdlet
// declarations. The same declaration serves built-in cmdlets, Go cmdlets and
// script functions, so binding, completion and help treat them alike.
package interp
