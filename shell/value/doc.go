// Package value holds PowerShell's value semantics in one place: the Go
// types that stand for PowerShell values, conversion between them, the
// comparison, arithmetic, string and type operators, truthiness, member
// access (with member enumeration over collections), indexing, the methods
// admins call on strings, dates, arrays, lists and hashtables, static members
// such as [math]::Round, and the -f format operator.
//
// The Go types that stand for PowerShell values:
//
//	$null               nil
//	[bool]              bool
//	[int]               int (kept within 32 bits)
//	[long]              int64
//	[double]            float64
//	[decimal]           float64 is not used for it; decimals are doubles here
//	[string]            string
//	[char]              Char
//	[datetime]          time.Time (Kind Unspecified: a fixed zone named "Unspecified")
//	[timespan]          time.Duration
//	[guid]              uuid.UUID
//	[object[]]          []any
//	List[object]        *List (ArrayList set for [System.Collections.ArrayList])
//	[hashtable]         *Hashtable (Ordered set for [ordered])
//	[pscustomobject]    *Object
//	[regex]             *Regex
//	[type]              Type
//	[scriptblock]       ScriptBlock, implemented by the interpreter
//	other .NET types    any Go value implementing Typed (error records, exceptions)
//
// Culture: conversion to string ([string], "$x") is culture-invariant, as
// in PowerShell, while -f, ToString() on dates and the standard date formats
// use en-US, the culture licsh displays in. The current time is read
// through the Now variable, which the shell points at its tenant clock.
//
// The package does not run code: script blocks are opaque here, and
// operators that need a scope (such as -match setting $Matches) return what
// the caller must store.
package value
