package batch

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"

	"github.com/mattn/go-isatty"
)

// progress shows how far a batch is on stderr: a bar redrawn in place when
// stderr is a terminal (rows done, rate, time left where the total is
// known), otherwise a plain line every few seconds for logs. Nothing with
// -Quiet.
type progress struct {
	w        io.Writer
	activity string
	tty      bool
	quiet    bool
	rows     int
	start    time.Time
	last     time.Time
	every    time.Duration
	shown    bool
	// fraction tells how much of the input is read, from 0 to 1, or -1
	// when that is unknown; nil means unknown too.
	fraction func() float64
	// marks are the rows done at the last lines shown, for the pace of
	// the last rateWindow.
	marks []mark
}

// mark is how many rows were done at a time.
type mark struct {
	at   time.Time
	rows int
}

// rateWindow is how far back the time left looks for its pace: a batch
// that Microsoft Graph let through fast at first and throttles now goes at
// the pace of now.
const rateWindow = 30 * time.Second

// logEvery is how often a scheduled job's log gets a progress line.
const logEvery = 5 * time.Second

func newProgress(c cmdlet.Call, activity string, quiet bool) *progress {
	p := &progress{w: interp.Inner(c).Host().Stderr, activity: activity, quiet: quiet || interp.Inner(c).Host().Stderr == nil, start: time.Now(), every: logEvery}
	if f, ok := p.w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		p.tty, p.every = true, 200*time.Millisecond
	}
	p.last = p.start
	return p
}

// add counts n more rows done and redraws when it is time.
func (p *progress) add(n int) {
	p.rows += n
	if p.quiet {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	p.show(now)
}

func (p *progress) show(now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.rows) / elapsed
	}
	left := ""
	frac := -1.0
	if p.fraction != nil {
		frac = p.fraction()
	}
	p.marks = append(p.marks, mark{now, p.rows})
	for len(p.marks) > 2 && now.Sub(p.marks[1].at) >= rateWindow {
		p.marks = p.marks[1:]
	}
	pace := rate
	if first := p.marks[0]; now.Sub(first.at) >= rateWindow/2 && p.rows > first.rows {
		pace = float64(p.rows-first.rows) / now.Sub(first.at).Seconds()
	}
	if frac > 0 && pace > 0 {
		remaining := float64(p.rows) * (1 - frac) / frac
		eta := time.Duration(remaining / pace * float64(time.Second)).Round(time.Second)
		left = fmt.Sprintf(", %s left", eta)
	}
	if p.tty {
		const width = 20
		var bar string
		if frac >= 0 {
			full := int(frac * width)
			bar = strings.Repeat("#", full) + strings.Repeat(" ", width-full)
		} else {
			// Without a length the bar spins rather than fills.
			pos := p.rows / 256 % width
			bar = (strings.Repeat(" ", pos) + "###" + strings.Repeat(" ", width))[:width]
		}
		fmt.Fprintf(p.w, "\r%s [%s] %d rows, %.0f rows/s%s ", p.activity, bar, p.rows, rate, left)
		p.shown = true
		return
	}
	fmt.Fprintf(p.w, "%s: %d rows done, %.0f rows/s%s\n", p.activity, p.rows, rate, left)
}

// done clears the bar.
func (p *progress) done() {
	if p.tty && p.shown {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 80))
	}
}
