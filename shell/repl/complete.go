package repl

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// Values returns the tenant values of a kind that start with prefix
// (case-insensitively): user principal names, part numbers and product
// names, group names, or the property names of the objects the tenant
// cmdlets output. The shell calls it on Tab; a source should answer from
// an index, as it runs while the user waits.
type Values func(kind cmdlet.Completion, prefix string) []string

// maxCandidates bounds what one Tab offers: beyond it a list helps no one
// and drawing it would slow the terminal down.
const maxCandidates = 200

// Completer finds what Tab offers from the session's commands, their
// parameter declarations, its variables, the file system and the tenant
// values.
type Completer struct {
	runner *interp.Runner
	values Values
}

// NewCompleter returns a completer for the runner's session; values may be
// nil when there is no tenant.
func NewCompleter(r *interp.Runner, values Values) *Completer {
	return &Completer{runner: r, values: values}
}

// commonParams are the parameters PowerShell adds to every cmdlet; they
// are offered after the cmdlet's own.
var commonParams = []string{
	"Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction",
	"ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable",
	"OutBuffer", "PipelineVariable",
}

// Complete returns the completions of the word that ends at rune offset pos
// of line: start is the rune offset where that word begins, and each
// candidate is the full text that replaces line[start:pos].
func (c *Completer) Complete(line string, pos int) (start int, candidates []string) {
	runes := []rune(line)
	if pos < 0 || pos > len(runes) {
		pos = len(runes)
	}
	head := runes[:pos]
	start = wordStart(head)
	word := string(head[start:])
	words := commandWords(head[:start])
	switch {
	case strings.HasPrefix(word, "$"):
		return start, c.variables(word)
	case len(words) == 0:
		if strings.ContainsAny(word, `/\`) || strings.HasPrefix(word, ".") || strings.HasPrefix(word, "~") {
			return start, paths(word, c.dir())
		}
		if word == "" {
			return start, nil
		}
		return start, c.commandNames(word)
	}
	cmd := c.runner.Command(words[0])
	if strings.HasPrefix(word, "-") && !isNumber(word[1:]) {
		return start, c.paramNames(cmd, word[1:], words[1:])
	}
	return start, c.argumentValues(cmd, words[1:], word)
}

// wordStart returns where the word before the cursor begins: after the
// last blank or operator character, or at its opening quote.
func wordStart(head []rune) int {
	quote := rune(0)
	start := 0
	for i, r := range head {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
			start = i
		case unicode.IsSpace(r) || strings.ContainsRune("|;(){}=,", r):
			start = i + 1
		case r == '@' && start == i:
			// @ starts a splat only at the start of a word; inside one it
			// is part of a user principal name.
			start = i + 1
		}
	}
	return start
}

// commandWords splits the text of the current command before the word
// being completed into its words: the command name first, then its
// arguments. The current command starts after the last pipe, semicolon or
// opening bracket outside quotes.
func commandWords(text []rune) []string {
	var words []string
	var cur strings.Builder
	quote := rune(0)
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range text {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote = r
		case strings.ContainsRune("|;({", r):
			flush()
			words = words[:0]
		case unicode.IsSpace(r) || strings.ContainsRune(")}=,@", r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return words
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

func (c *Completer) dir() string { return c.runner.Location() }

// commandNames offers the commands, functions and aliases whose name
// starts with prefix.
func (c *Completer) commandNames(prefix string) []string {
	var out []string
	for _, cmd := range c.runner.Commands() {
		if hasPrefixFold(cmd.Name, prefix) {
			out = append(out, cmd.Name)
		}
	}
	for alias := range c.runner.Registry().Aliases() {
		if hasPrefixFold(alias, prefix) {
			out = append(out, alias)
		}
	}
	return sorted(out)
}

// paramNames offers the parameters of cmd that start with prefix and are
// not already given, then the common parameters of a cmdlet.
func (c *Completer) paramNames(cmd *cmdlet.Cmdlet, prefix string, given []string) []string {
	if cmd == nil {
		return nil
	}
	used := map[string]bool{}
	for _, w := range given {
		if p := findParam(cmd, w); p != nil {
			used[strings.ToLower(p.Name)] = true
		}
	}
	var out []string
	add := func(name string) {
		if !used[strings.ToLower(name)] && hasPrefixFold(name, prefix) {
			out = append(out, "-"+name)
		}
	}
	for _, p := range cmd.Params {
		add(p.Name)
	}
	if c.runner.Registry().Lookup(cmd.Name) == cmd {
		if cmd.SupportsShouldProcess {
			add("WhatIf")
			add("Confirm")
		}
		for _, name := range commonParams {
			add(name)
		}
	}
	return out
}

// findParam returns the parameter a -Name word names: by exact name, alias
// or unique prefix, as the binder matches it.
func findParam(cmd *cmdlet.Cmdlet, word string) *cmdlet.Param {
	name, ok := strings.CutPrefix(word, "-")
	if !ok || cmd == nil {
		return nil
	}
	name, _, _ = strings.Cut(name, ":")
	var match *cmdlet.Param
	for _, p := range cmd.Params {
		if strings.EqualFold(p.Name, name) {
			return p
		}
		for _, a := range p.Aliases {
			if strings.EqualFold(a, name) {
				return p
			}
		}
		if name != "" && hasPrefixFold(p.Name, name) {
			if match != nil {
				return nil
			}
			match = p
		}
	}
	return match
}

// argumentValues offers values for the argument being typed: for the
// parameter named just before it, or else the positional parameter it
// would bind to.
func (c *Completer) argumentValues(cmd *cmdlet.Cmdlet, args []string, word string) []string {
	var p *cmdlet.Param
	if n := len(args); n > 0 && strings.HasPrefix(args[n-1], "-") {
		p = findParam(cmd, args[n-1])
		if p != nil && p.IsSwitch() {
			p = nil
		}
	}
	if p == nil && cmd != nil {
		p = positionalParam(cmd, args)
	}
	quote, prefix := splitQuote(word)
	var out []string
	switch {
	case p == nil:
		return paths(word, c.dir())
	case len(p.ValidateSet) > 0:
		for _, v := range p.ValidateSet {
			if hasPrefixFold(v, prefix) {
				out = append(out, v)
			}
		}
	case p.Complete == cmdlet.CompletePath:
		return paths(word, c.dir())
	case p.Complete != cmdlet.CompleteNone && c.values != nil:
		out = c.values(p.Complete, prefix)
	}
	out = sorted(out)
	for i, v := range out {
		out[i] = quoteArg(v, quote)
	}
	return out
}

// positionalParam returns the parameter the next positional argument binds
// to, counting the arguments before it that no -Name took.
func positionalParam(cmd *cmdlet.Cmdlet, args []string) *cmdlet.Param {
	n := 0
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "-") && !isNumber(args[i][1:]) {
			if p := findParam(cmd, args[i]); p != nil && !p.IsSwitch() && !strings.Contains(args[i], ":") {
				i++
			}
			continue
		}
		n++
	}
	for _, p := range cmd.Params {
		if p.Position == n+1 {
			return p
		}
	}
	return nil
}

// variables offers the variable names after $, or the property names of
// the variable's value after $name.
func (c *Completer) variables(word string) []string {
	if name, prop, ok := strings.Cut(word[1:], "."); ok && !strings.Contains(prop, ".") {
		v, found := c.runner.Variable(name)
		if !found {
			return nil
		}
		var out []string
		for _, p := range propertyNames(v) {
			if hasPrefixFold(p, prop) {
				out = append(out, "$"+name+"."+p)
			}
		}
		return sorted(out)
	}
	prefix := word[1:]
	var out []string
	if rest, ok := cutPrefixFold(prefix, "env:"); ok {
		for _, kv := range os.Environ() {
			name, _, _ := strings.Cut(kv, "=")
			if hasPrefixFold(name, rest) {
				out = append(out, "$env:"+name)
			}
		}
		return sorted(out)
	}
	for _, name := range c.runner.VariableNames() {
		if hasPrefixFold(name, prefix) {
			out = append(out, "$"+name)
		}
	}
	return sorted(out)
}

// propertyNames lists what member access offers on v; for a list, the
// properties of its first item, as member enumeration reaches them.
func propertyNames(v any) []string {
	if items, ok := value.Enumerate(v); ok {
		if len(items) == 0 {
			return nil
		}
		v = items[0]
	}
	switch x := v.(type) {
	case *value.Object:
		return x.Names()
	case value.PropertyBag:
		return x.PropertyNames()
	case *value.Hashtable:
		var names []string
		for _, k := range x.Keys() {
			names = append(names, value.ToString(k))
		}
		return names
	case string:
		return []string{"Length"}
	}
	return nil
}

// paths offers the files and folders that complete word, a path relative
// to dir; folders end with a slash so Tab can go on into them.
func paths(word, dir string) []string {
	quote, p := splitQuote(word)
	base, prefix := "", p
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		base, prefix = p[:i+1], p[i+1:]
	}
	folder := base
	if rest, ok := strings.CutPrefix(folder, "~"); ok && (rest == "" || rest[0] == '/') {
		home, _ := os.UserHomeDir()
		folder = home + rest
	}
	if folder == "" {
		folder = "."
	}
	if !filepath.IsAbs(folder) {
		folder = filepath.Join(dir, folder)
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !hasPrefixFold(name, prefix) || strings.HasPrefix(name, ".") && !strings.HasPrefix(prefix, ".") {
			continue
		}
		full := base + name
		if e.IsDir() {
			full += "/"
		}
		out = append(out, quoteArg(full, quote))
		if len(out) == maxCandidates {
			break
		}
	}
	sort.Strings(out)
	return out
}

// splitQuote separates the opening quote of a word being typed from its
// text.
func splitQuote(word string) (quote, text string) {
	if word != "" && (word[0] == '\'' || word[0] == '"') {
		return word[:1], word[1:]
	}
	return "", word
}

// quoteArg quotes a completed value that would otherwise split into
// several arguments, or that the user began with a quote.
func quoteArg(v, quote string) string {
	if quote == "" && (strings.ContainsAny(v, " \t'\"$`,;|&(){}") || strings.HasPrefix(v, "@") || strings.HasPrefix(v, "#")) {
		quote = "'"
	}
	if quote == "" {
		return v
	}
	if quote == "'" {
		v = strings.ReplaceAll(v, "'", "''")
	}
	return quote + v + quote
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if hasPrefixFold(s, prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// sorted sorts case-insensitively, drops repeats and keeps at most
// maxCandidates.
func sorted(list []string) []string {
	sort.Slice(list, func(i, j int) bool {
		a, b := strings.ToLower(list[i]), strings.ToLower(list[j])
		if a != b {
			return a < b
		}
		return list[i] < list[j]
	})
	out := list[:0]
	for i, s := range list {
		if i > 0 && strings.EqualFold(s, list[i-1]) {
			continue
		}
		out = append(out, s)
	}
	if len(out) > maxCandidates {
		out = out[:maxCandidates]
	}
	return out
}
