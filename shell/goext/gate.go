package goext

import (
	"sync"

	"licsh/shell/interp"
)

// gate lets one session at a time into the interpreter. It is re-entrant
// for the session holding it, because a session runs its pipelines on one
// goroutine and Go cmdlets nest: one cmdlet's Write runs the next cmdlet of
// the pipeline, and Call.Invoke may run another Go cmdlet inside a script
// block.
type gate struct {
	mu    sync.Mutex // held while a session is inside
	state sync.Mutex // guards owner and depth
	owner *interp.Runner
	depth int
}

func (g *gate) enter(r *interp.Runner) {
	g.state.Lock()
	if g.depth > 0 && g.owner == r {
		g.depth++
		g.state.Unlock()
		return
	}
	g.state.Unlock()
	g.mu.Lock()
	g.state.Lock()
	g.owner, g.depth = r, 1
	g.state.Unlock()
}

func (g *gate) leave() {
	g.state.Lock()
	g.depth--
	last := g.depth == 0
	if last {
		g.owner = nil
	}
	g.state.Unlock()
	if last {
		g.mu.Unlock()
	}
}
