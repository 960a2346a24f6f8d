package repl

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/chzyer/readline"
)

// lineReader is where the shell's lines come from.
type lineReader interface {
	// ReadLine shows prompt and returns the line entered, without its line
	// end. It returns errInterrupt when Ctrl-C abandoned the line and an
	// error such as io.EOF when the input ended.
	ReadLine(prompt string) (string, error)
	// Remember makes an entered line one that Up and Ctrl-R recall.
	Remember(line string)
	// Width is the terminal's width now, or 0.
	Width() int
}

// plainReader reads lines from a stream that is not a terminal.
type plainReader struct {
	in  *bufio.Reader
	out io.Writer
}

func newPlainReader(in io.Reader, out io.Writer) *plainReader {
	return &plainReader{in: bufio.NewReader(in), out: out}
}

func (p *plainReader) ReadLine(prompt string) (string, error) {
	io.WriteString(p.out, prompt)
	line, err := p.in.ReadString('\n')
	if errors.Is(err, io.EOF) && line != "" {
		err = nil
	}
	if err != nil {
		// End the prompt's line, as a terminal does on Ctrl-D.
		io.WriteString(p.out, "\n")
	}
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), err
}

func (p *plainReader) Remember(string) {}

func (p *plainReader) Width() int { return 0 }

// editor reads lines on a terminal with chzyer/readline: editing keys,
// history recall and search (Up, Ctrl-R), tab completion and pasting.
type editor struct {
	rl   *readline.Instance
	in   *pasteFilter
	out  io.Writer
	comp *Completer
	// completing is off while a command prompts for input, where Tab has
	// nothing to complete.
	completing bool
	// pending is the edit the last Tab worked out; the editor's listener
	// makes it, since readline can only append to the word.
	pending *edit
}

// edit replaces the runes start..end of the line with text.
type edit struct {
	start, end int
	text       []rune
}

func newEditor(stdin *os.File, stdout io.Writer, comp *Completer) (*editor, error) {
	e := &editor{in: newPasteFilter(stdin), out: stdout, comp: comp, completing: true}
	rl, err := readline.NewEx(&readline.Config{
		Stdin:                  e.in,
		Stdout:                 stdout,
		Stderr:                 stdout,
		HistoryLimit:           historyFileLimit,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           e,
		Listener:               e,
		FuncIsTerminal:         func() bool { return true },
	})
	if err != nil {
		return nil, err
	}
	e.rl = rl
	return e, nil
}

// Close restores the terminal. Its input is closed first: the editor's
// Close waits for its reader, which may be waiting for a key.
func (e *editor) Close() {
	e.in.Close()
	e.rl.Close()
}

func (e *editor) ReadLine(prompt string) (string, error) {
	e.rl.SetPrompt(prompt)
	io.WriteString(e.out, pasteOn)
	line, err := e.rl.Readline()
	io.WriteString(e.out, pasteOff)
	if errors.Is(err, readline.ErrInterrupt) {
		return "", errInterrupt
	}
	return line, err
}

func (e *editor) Remember(line string) { e.rl.SaveHistory(line) }

func (e *editor) Width() int { return readline.GetScreenWidth() }

// prompt reads an answer for a running command (Read-Host, mandatory
// parameters): no completion, and no echo for a secret.
func (e *editor) prompt(prompt string, secret bool) (string, error) {
	e.completing = false
	defer func() { e.completing = true }()
	var line string
	var err error
	if secret {
		cfg := e.rl.GenPasswordConfig()
		cfg.Prompt = prompt
		cfg.Listener = e
		var b []byte
		b, err = e.rl.ReadPasswordWithConfig(cfg)
		line = string(b)
	} else {
		e.rl.SetPrompt(prompt)
		line, err = e.rl.Readline()
	}
	if errors.Is(err, readline.ErrInterrupt) {
		// Ctrl-C at a command's prompt stops the command.
		p, _ := os.FindProcess(os.Getpid())
		p.Signal(os.Interrupt)
	}
	return line, err
}

// Do is readline's completion hook. It offers a list when Tab cannot
// settle on more text; otherwise it leaves the edit to OnChange, as the
// completion may also change the case of what was typed.
func (e *editor) Do(line []rune, pos int) ([][]rune, int) {
	e.pending = nil
	if !e.completing {
		return nil, 0
	}
	start, cands := e.comp.Complete(string(line), pos)
	if len(cands) == 0 {
		return nil, 0
	}
	typed := line[start:pos]
	text := commonPrefixFold(cands)
	if len(cands) == 1 {
		text = []rune(cands[0])
	}
	if len(cands) == 1 || len(text) > len(typed) {
		e.pending = &edit{start: start, end: pos, text: text}
		return nil, 0
	}
	var out [][]rune
	for _, c := range cands {
		r := []rune(c)
		if len(r) >= len(typed) && strings.EqualFold(string(r[:len(typed)]), string(typed)) {
			out = append(out, r[len(typed):])
		}
	}
	return out, len(typed)
}

// OnChange is readline's listener, called after each key: it puts pasted
// text in place of its mark and makes the edit Tab worked out.
func (e *editor) OnChange(line []rune, pos int, key rune) ([]rune, int, bool) {
	pending := e.pending
	e.pending = nil
	switch key {
	case pasteMark:
		text, ok := e.in.nextPiece()
		if i := pos - 1; ok && i >= 0 && i < len(line) && line[i] == pasteMark {
			return splice(line, i, pos, []rune(text))
		}
	case '\t':
		if pending != nil && pending.end <= len(line) && pending.start <= pending.end {
			return splice(line, pending.start, pending.end, pending.text)
		}
	}
	return nil, 0, false
}

// splice replaces line[start:end] with text and puts the cursor after it.
func splice(line []rune, start, end int, text []rune) ([]rune, int, bool) {
	out := make([]rune, 0, len(line)-(end-start)+len(text))
	out = append(out, line[:start]...)
	out = append(out, text...)
	out = append(out, line[end:]...)
	return out, start + len(text), true
}

// commonPrefixFold returns the longest case-insensitive common prefix of
// the candidates, spelled as the first one spells it.
func commonPrefixFold(cands []string) []rune {
	first := []rune(cands[0])
	n := len(first)
	for _, c := range cands[1:] {
		r := []rune(c)
		i := 0
		for i < n && i < len(r) && strings.EqualFold(string(first[i]), string(r[i])) {
			i++
		}
		n = i
	}
	return first[:n]
}
