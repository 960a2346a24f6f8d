package syntax

// Pos is a position in the source: a byte offset and the 1-based line and
// column (columns count runes, not bytes) it falls on.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// Span is the extent of a node in the source: Start is the first byte of the
// node, End the byte just after it.
type Span struct {
	Start, End Pos
}

// Extent returns the span itself; every node embeds a Span and so satisfies
// Node.
func (s Span) Extent() Span { return s }

// Node is any node of the syntax tree.
type Node interface {
	Extent() Span
}

// Stmt is a statement: a pipeline, an assignment or a control statement.
type Stmt interface {
	Node
	stmtNode()
}

// Expr is an expression: anything that yields a value without being a
// command.
type Expr interface {
	Node
	exprNode()
}

// File is a parsed script: a script block with its source name and text, so
// that errors can quote the line they come from.
type File struct {
	Name string // the file name, or "" for -Command text and REPL lines
	Src  string
	Body *ScriptBlock
	// Requires are the script's #requires statements, in source order.
	Requires []*Requires
}

// ScriptBlock is the body of a script, a function or a { } literal. A body
// without named blocks keeps its statements in End, as PowerShell does.
type ScriptBlock struct {
	Span
	Params  *ParamBlock // nil when there is no param() block
	Begin   []Stmt      // nil when there is no begin block
	Process []Stmt      // nil when there is no process block
	End     []Stmt      // the unnamed body, or the end block
	// Named reports whether the body used begin/process/end blocks.
	Named bool
}

// ParamBlock is a param( ) block, or the parameter list of
// `function f($a, $b)`.
type ParamBlock struct {
	Span
	Attributes []*Attribute // [CmdletBinding(...)] before param(
	Params     []*Param
}

// Param is one parameter: its attributes (including the type constraint) and
// an optional default value.
type Param struct {
	Span
	Name       string       // without the $
	Attributes []*Attribute // [Parameter(Mandatory)], [ValidateSet(...)], ...
	Type       string       // the type constraint, e.g. "string[]" or "switch"; "" when none
	Default    Expr         // nil when none
}

// Attribute is [Name(args)] on a parameter or a param block. Arguments are
// either positional (ValidateSet('a','b')) or named (Mandatory=$true); a
// named argument written without a value (Mandatory) has a nil Value.
type Attribute struct {
	Span
	Name       string
	Positional []Expr
	Named      []*NamedArg
}

// NamedArg is Name=Value inside an attribute.
type NamedArg struct {
	Span
	Name  string
	Value Expr // nil for a bare name, which means $true
}

// Pipeline is one or more commands joined by |. The first element may be an
// expression; later ones are always commands.
type Pipeline struct {
	Span
	Elements   []PipelineElement
	Background bool // ends with &
}

// PipelineElement is a Command or a CommandExpr.
type PipelineElement interface {
	Node
	pipelineElement()
}

// Command is a command invocation: a name followed by arguments and
// parameters, in command (argument) mode.
type Command struct {
	Span
	// Invoke is "&" or "." when the command is called with the call or
	// dot-source operator, "" otherwise.
	Invoke string
	// Name is the command name: a *StringConst for a bare word
	// (Get-User, .\job.ps1), or any expression after & or . (a script
	// block, a variable, a string).
	Name         Expr
	Args         []CommandElement
	Redirections []*Redirection
}

// CommandElement is a *CommandParameter or a *CommandArgument.
type CommandElement interface {
	Node
	commandElement()
}

// CommandParameter is -Name, or -Name:value when Arg is set.
type CommandParameter struct {
	Span
	Name string // without the leading -
	Arg  Expr   // the value after ':', nil otherwise
}

// CommandArgument is a positional argument or the value of the preceding
// parameter. Splat is set for @var.
type CommandArgument struct {
	Span
	Value Expr
	Splat bool
}

// Redirection is >, >>, 2>, 2>&1, *> and so on.
type Redirection struct {
	Span
	From   int  // 1 for output, 2 for errors, 3 warning, 4 verbose, 5 debug, 6 information, 0 for all (*)
	Append bool // >>
	Merge  bool // 2>&1: To is unused and From is merged into output
	Target Expr // file name
}

// CommandExpr is an expression used as a pipeline element:
// `$users | Where-Object ...` or `1..10`.
type CommandExpr struct {
	Span
	X            Expr
	Redirections []*Redirection // `$report > out.txt`
}

func (*Command) pipelineElement()         {}
func (*CommandExpr) pipelineElement()     {}
func (*CommandParameter) commandElement() {}
func (*CommandArgument) commandElement()  {}

// PipelineStmt is a pipeline used as a statement. A chain of pipelines joined
// by && and || keeps the operators between them.
type PipelineStmt struct {
	Span
	Pipeline *Pipeline
	// Chain holds the pipelines after && or ||, in order.
	Chain []*ChainLink
}

// ChainLink is `&& pipeline` or `|| pipeline`.
type ChainLink struct {
	Op       string // "&&" or "||"
	Pipeline *Pipeline
}

// AssignStmt is `target op value`, where op is =, +=, -=, *=, /=, %= or ??=
// (which assigns only when the target is $null).
// Value is a statement because PowerShell allows
// `$x = Get-User | Where ...` and `$x = if (...) {...}` and `$x = foreach ...`.
type AssignStmt struct {
	Span
	Target Expr // a variable, member, index, [type]$var, or an array literal of them
	Op     string
	Value  Stmt
}

// IfStmt is if/elseif/else.
type IfStmt struct {
	Span
	Clauses []*IfClause // if and each elseif
	Else    *Block      // nil when none
}

// IfClause is one condition and its body.
type IfClause struct {
	Cond Stmt // a pipeline (or assignment) in parentheses
	Body *Block
}

// Block is a { } statement block of a control statement.
type Block struct {
	Span
	Stmts []Stmt
}

// ForeachStmt is `foreach ($x in <pipeline>) { }`.
type ForeachStmt struct {
	Span
	Label    string
	Variable string // without the $
	In       Stmt
	Body     *Block
}

// ForStmt is `for (init; cond; step) { }`; each part may be nil.
type ForStmt struct {
	Span
	Label string
	Init  Stmt
	Cond  Stmt
	Step  Stmt
	Body  *Block
}

// WhileStmt is `while (cond) { }`.
type WhileStmt struct {
	Span
	Label string
	Cond  Stmt
	Body  *Block
}

// DoStmt is `do { } while (cond)` or, with Until set, `do { } until (cond)`.
type DoStmt struct {
	Span
	Label string
	Body  *Block
	Cond  Stmt
	Until bool
}

// SwitchStmt is `switch -Flags (value) { pattern { } ... default { } }`.
type SwitchStmt struct {
	Span
	Label         string
	Wildcard      bool
	Regex         bool
	Exact         bool
	CaseSensitive bool
	File          bool // -File: Subject names a file whose lines are switched on
	Subject       Stmt
	Clauses       []*SwitchClause
	Default       *Block // nil when none
}

// SwitchClause is one `pattern { body }`. Pattern is an expression; a bare
// word is a *StringConst, a script block is evaluated as a condition.
type SwitchClause struct {
	Pattern Expr
	Body    *Block
}

// BreakStmt is `break [label]`.
type BreakStmt struct {
	Span
	Label string
}

// ContinueStmt is `continue [label]`.
type ContinueStmt struct {
	Span
	Label string
}

// ReturnStmt is `return [pipeline]`.
type ReturnStmt struct {
	Span
	Value Stmt // nil when none
}

// ExitStmt is `exit [code]`.
type ExitStmt struct {
	Span
	Code Stmt // nil when none
}

// ThrowStmt is `throw [value]`.
type ThrowStmt struct {
	Span
	Value Stmt // nil for a bare throw (rethrow inside catch)
}

// TryStmt is try/catch/finally.
type TryStmt struct {
	Span
	Body    *Block
	Catches []*CatchClause
	Finally *Block // nil when none
}

// CatchClause is `catch [Type1], [Type2] { }`; Types is empty for a catch-all.
type CatchClause struct {
	Span
	Types []string
	Body  *Block
}

// TrapStmt is `trap [Type] { }`.
type TrapStmt struct {
	Span
	Type string
	Body *Block
}

// FunctionDef is `function Name { }`, `function Name($a) { }` or
// `filter Name { }`.
type FunctionDef struct {
	Span
	Name   string
	Filter bool
	Body   *ScriptBlock // parameters from (…) after the name land in Body.Params
}

func (*PipelineStmt) stmtNode() {}
func (*AssignStmt) stmtNode()   {}
func (*IfStmt) stmtNode()       {}
func (*ForeachStmt) stmtNode()  {}
func (*ForStmt) stmtNode()      {}
func (*WhileStmt) stmtNode()    {}
func (*DoStmt) stmtNode()       {}
func (*SwitchStmt) stmtNode()   {}
func (*BreakStmt) stmtNode()    {}
func (*ContinueStmt) stmtNode() {}
func (*ReturnStmt) stmtNode()   {}
func (*ExitStmt) stmtNode()     {}
func (*ThrowStmt) stmtNode()    {}
func (*TryStmt) stmtNode()      {}
func (*TrapStmt) stmtNode()     {}
func (*FunctionDef) stmtNode()  {}

// StringConst is a literal string: a bare word in command mode, a
// single-quoted string, or a double-quoted string with nothing to expand.
type StringConst struct {
	Span
	Value string
	Kind  StringKind
}

// StringKind tells how a string was written; a command name or argument that
// was quoted is never taken as a parameter or keyword.
type StringKind int

// The string kinds.
const (
	BareWord StringKind = iota
	SingleQuoted
	DoubleQuoted
	SingleHereString
	DoubleHereString
)

// ExpandableString is a double-quoted string with $var, $(...) or ${...}
// inside. Parts are *StringConst literals and the expressions to expand, in
// order.
type ExpandableString struct {
	Span
	Parts []Expr
	Here  bool
}

// NumberConst is a numeric literal. Value is int (fits in 32 bits), int64,
// or float64, after multipliers (kb, mb, gb, tb, pb) and suffixes (l, d).
type NumberConst struct {
	Span
	Value any
	Text  string // as written
}

// VariableExpr is $name, ${name}, $scope:name, or @name when splatted.
type VariableExpr struct {
	Span
	Name  string // without $ and scope, e.g. "_", "args", "PSItem"
	Scope string // "", "script", "global", "local", "private", "env", "variable", "using"
	Splat bool   // @name
}

// ArrayLiteral is `a, b, c` (the comma operator); a unary `,x` has one element.
type ArrayLiteral struct {
	Span
	Elems []Expr
}

// ArrayExpr is @( statements ).
type ArrayExpr struct {
	Span
	Stmts []Stmt
}

// SubExpr is $( statements ).
type SubExpr struct {
	Span
	Stmts []Stmt
}

// ParenExpr is ( pipeline ) or ( assignment ).
type ParenExpr struct {
	Span
	X Stmt
}

// HashtableExpr is @{ key = value; ... }. Keys are expressions (a bare word
// key is a *StringConst); values are statements.
type HashtableExpr struct {
	Span
	Pairs []*KeyValue
}

// KeyValue is one entry of a hashtable literal.
type KeyValue struct {
	Key   Expr
	Value Stmt
}

// ScriptBlockExpr is a { } literal used as a value.
type ScriptBlockExpr struct {
	Span
	Body *ScriptBlock
}

// BinaryExpr is X Op Y. Op is the operator as PowerShell spells it, in
// lower case: "+", "-", "*", "/", "%", "..", "-eq", "-ceq", "-ieq", "-like",
// "-and", "-f", "-replace", "-split", "-join", "-is", "-as", "-band", "??"
// and so on.
type BinaryExpr struct {
	Span
	Op   string
	X, Y Expr
}

// UnaryExpr is Op X, or X Op for postfix ++ and --. Op is "-not", "!", "-",
// "+", "-bnot", "-split", "-join", "++", "--".
type UnaryExpr struct {
	Span
	Op      string
	X       Expr
	Postfix bool
}

// ConvertExpr is a cast: [Type] X. The type name is as written, without the
// brackets, e.g. "int", "string[]", "System.Collections.Generic.List[object]".
type ConvertExpr struct {
	Span
	Type string
	X    Expr
}

// TypeExpr is a type literal used as a value, e.g. [math] in [math]::Round(...)
// or [int] after -is.
type TypeExpr struct {
	Span
	Type string
}

// MemberExpr is X.Member or X::Member (Static). Member is a *StringConst for
// a plain name, or any expression for X.$name and X."name". NullConditional
// is set for X?.Member, which yields $null instead of reading a member of
// $null.
type MemberExpr struct {
	Span
	X               Expr
	Member          Expr
	Static          bool
	NullConditional bool
}

// InvokeExpr is a method call: X.Method(args), X::Method(args) or
// X?.Method(args) (NullConditional: no call when X is $null).
type InvokeExpr struct {
	Span
	X               Expr
	Member          Expr
	Args            []Expr
	Static          bool
	NullConditional bool
}

// IndexExpr is X[Index], or X?[Index] (NullConditional: $null when X is
// $null).
type IndexExpr struct {
	Span
	X               Expr
	Index           Expr
	NullConditional bool
}

// TernaryExpr is `Cond ? Then : Else`; only the branch chosen is evaluated.
type TernaryExpr struct {
	Span
	Cond, Then, Else Expr
}

func (*StringConst) exprNode()      {}
func (*ExpandableString) exprNode() {}
func (*NumberConst) exprNode()      {}
func (*VariableExpr) exprNode()     {}
func (*ArrayLiteral) exprNode()     {}
func (*ArrayExpr) exprNode()        {}
func (*SubExpr) exprNode()          {}
func (*ParenExpr) exprNode()        {}
func (*HashtableExpr) exprNode()    {}
func (*ScriptBlockExpr) exprNode()  {}
func (*BinaryExpr) exprNode()       {}
func (*UnaryExpr) exprNode()        {}
func (*ConvertExpr) exprNode()      {}
func (*TypeExpr) exprNode()         {}
func (*MemberExpr) exprNode()       {}
func (*InvokeExpr) exprNode()       {}
func (*IndexExpr) exprNode()        {}
func (*TernaryExpr) exprNode()      {}
