// Package syntax turns PowerShell source into a syntax tree.
//
// The lexer is mode-aware and driven by the parser: in command (argument)
// mode `2+2` is one bare word and `-eq` is a parameter name; in expression
// mode they are a sum and an operator. The parser is a hand-written
// recursive descent parser that records the span of every node, so errors at
// run time can show the source line with ~~~ under the failing extent.
//
// The package never executes anything and imports nothing of licsh's. It
// parses the PowerShell 7 subset that license-administration scripts use,
// including the ternary, ??, ??=, ?. and ?[] operators, pipelines whose
// next line starts with |, classes and enums, and #requires statements;
// `using`, data sections and --% are not parsed.
// Parse errors carry a position; an input that is merely unfinished (an open
// brace, an open string, a trailing pipe or backtick) is reported as
// incomplete, so an interactive shell can ask for more lines.
package syntax
