package core

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/google/uuid"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

func randomCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Random",
			Module:      modUtility,
			Synopsis:    "Gets a random number, or selects objects randomly from a collection.",
			Description: "Get-Random outputs a random whole number from -Minimum (0) up to, not including, -Maximum, a random double when either is a fraction, or -Count objects picked from -InputObject (-Shuffle: all of them in random order). -SetSeed makes the sequence the one pwsh gives for that seed.",
			Params: []*cmdlet.Param{
				{Name: "Maximum", Aliases: []string{"Max"}, Type: cmdlet.Object, Position: 1, Sets: []string{"RandomNumberParameterSet"}, Help: "The upper bound, not included."},
				{Name: "Minimum", Aliases: []string{"Min"}, Type: cmdlet.Object, Sets: []string{"RandomNumberParameterSet"}, Help: "The lower bound, included; 0 by default."},
				{Name: "InputObject", Type: cmdlet.Objects, Position: 1, Mandatory: true, ValueFromPipeline: true, Sets: []string{"RandomListItemParameterSet", "ShuffleParameterSet"}, Help: "The objects to pick from."},
				{Name: "Count", Type: cmdlet.Int, Sets: []string{"RandomNumberParameterSet", "RandomListItemParameterSet"}, Help: "How many numbers or objects to output; 1 by default."},
				{Name: "Shuffle", Type: cmdlet.Switch, Mandatory: true, Sets: []string{"ShuffleParameterSet"}, Help: "Outputs all the objects in random order."},
				{Name: "SetSeed", Type: cmdlet.Int, Help: "Seeds the generator, for a repeatable sequence."},
			},
			DefaultParameterSet: "RandomNumberParameterSet",
			Examples: []cmdlet.Example{
				{Code: "Get-Random -Minimum 1 -Maximum 7", Remarks: "A die throw."},
				{Code: "Import-Csv ./users.csv | Get-Random -Count 1", Remarks: "Picks a user at random for a spot check."},
				{Code: "-join ((65..90) + (97..122) + (48..57) | Get-Random -Count 16 | ForEach-Object { [char]$_ })", Remarks: "A random 16-character password."},
			},
			Begin:   randomBegin,
			Process: randomProcess,
			End:     randomEnd,
		},
		{
			Name:        "New-Guid",
			Module:      modUtility,
			Synopsis:    "Creates a GUID.",
			Description: "New-Guid outputs a new random GUID; -Empty outputs the all-zero one.",
			Params: []*cmdlet.Param{
				{Name: "Empty", Type: cmdlet.Switch, Help: "Outputs 00000000-0000-0000-0000-000000000000."},
				{Name: "InputObject", Type: cmdlet.String, ValueFromPipeline: true, Help: "Converts text to a GUID."},
			},
			Examples: []cmdlet.Example{{Code: "(New-Guid).Guid", Remarks: "A new GUID as text."}},
			Process: func(c cmdlet.Call) error {
				switch {
				case c.Switch("Empty"):
					return c.Write(uuid.Nil)
				case c.Bound("InputObject"):
					v, err := value.Convert(c.String("InputObject"), "guid")
					if err != nil {
						return c.WriteError(err)
					}
					return c.Write(v)
				}
				return c.Write(uuid.New())
			},
		},
	}
}

// dotnetRandom is .NET's System.Random seeded with a number (Knuth's
// subtractive generator), which pwsh's Get-Random -SetSeed uses: the same
// seed gives the same numbers as in pwsh.
type dotnetRandom struct {
	seeds         [56]int32
	inext, inextp int
}

func newDotnetRandom(seed int32) *dotnetRandom {
	const mbig, mseed = math.MaxInt32, 161803398
	r := &dotnetRandom{inextp: 21}
	sub := int32(math.MaxInt32)
	if seed != math.MinInt32 {
		sub = seed
		if sub < 0 {
			sub = -sub
		}
	}
	mj := int32(mseed) - sub
	r.seeds[55] = mj
	mk := int32(1)
	for i := 1; i < 55; i++ {
		ii := (21 * i) % 55
		r.seeds[ii] = mk
		mk = mj - mk
		if mk < 0 {
			mk += mbig
		}
		mj = r.seeds[ii]
	}
	for k := 1; k < 5; k++ {
		for i := 1; i < 56; i++ {
			r.seeds[i] -= r.seeds[1+(i+30)%55]
			if r.seeds[i] < 0 {
				r.seeds[i] += mbig
			}
		}
	}
	return r
}

func (r *dotnetRandom) sample() int32 {
	if r.inext++; r.inext >= 56 {
		r.inext = 1
	}
	if r.inextp++; r.inextp >= 56 {
		r.inextp = 1
	}
	v := r.seeds[r.inext] - r.seeds[r.inextp]
	if v == math.MaxInt32 {
		v--
	}
	if v < 0 {
		v += math.MaxInt32
	}
	r.seeds[r.inext] = v
	return v
}

// fill is Random.NextBytes.
func (r *dotnetRandom) fill(b []byte) {
	for i := range b {
		b[i] = byte(r.sample())
	}
}

// generator is pwsh's Get-Random generator: cryptographic, or .NET's
// seeded one with -SetSeed, read through the same steps pwsh takes so a
// seed gives pwsh's numbers.
type generator struct{ seeded *dotnetRandom }

func (g *generator) fill(b []byte) {
	if g.seeded != nil {
		g.seeded.fill(b)
		return
	}
	rand.Read(b)
}

func (g *generator) sample() int32 {
	var b [4]byte
	g.fill(b[:])
	return int32(binary.LittleEndian.Uint32(b[:]))
}

func (g *generator) nextInt() int32 {
	n := g.sample()
	for n == math.MaxInt32 {
		n = g.sample()
	}
	if n < 0 {
		n += math.MaxInt32
	}
	return n
}

func (g *generator) nextDouble() float64 { return float64(g.nextInt()) * (1.0 / math.MaxInt32) }

// between is a number from lo up to, not including, hi.
func (g *generator) between(lo, hi int64) int64 {
	r := hi - lo
	if r <= math.MaxInt32 {
		return int64(g.nextDouble()*float64(r)) + lo
	}
	s := float64(g.sample())
	for s == math.MaxInt32 {
		s = float64(g.sample())
	}
	s += math.MaxInt32
	return int64(s*(1.0/(2*float64(math.MaxInt32)))*float64(r)) + lo
}

// randomState is one Get-Random run.
type randomState struct {
	gen    *generator
	chosen []any
	seen   int
}

func randomBegin(c cmdlet.Call) error {
	st := &randomState{gen: &generator{}}
	if c.Bound("SetSeed") {
		st.gen.seeded = newDotnetRandom(int32(c.Int("SetSeed")))
	}
	c.SetState(st)
	if c.ParameterSet() != "RandomNumberParameterSet" {
		return nil
	}
	b, err := randomBounds(c)
	if err != nil {
		return err
	}
	for range max(c.Int("Count"), 1) {
		var v any
		switch b.kind {
		case "int":
			v = int(st.gen.between(b.lo, b.hi))
		case "long":
			v = st.gen.long(b.lo, b.hi)
		default:
			v = randomDouble(st.gen, b.flo, b.fhi)
		}
		if err := c.Write(v); err != nil {
			return err
		}
	}
	return nil
}

// long is a 64-bit number from lo up to, not including, hi, drawn as
// pwsh draws one.
func (g *generator) long(lo, hi int64) int64 {
	diff := uint64(hi - lo)
	if diff <= math.MaxInt32 {
		return lo + g.between(0, int64(diff))
	}
	bits := 0
	for d := diff; d != 0; d >>= 1 {
		bits++
	}
	mask := ^uint64(0) >> (64 - bits)
	var b [8]byte
	for {
		g.fill(b[:])
		n := binary.LittleEndian.Uint64(b[:]) & mask
		if n < diff {
			return int64(float64(lo) + float64(n))
		}
	}
}

// bounds are -Minimum and -Maximum as pwsh reads them: int when both are
// ints, long when both are whole, double otherwise.
type bounds struct {
	kind     string
	lo, hi   int64
	flo, fhi float64
}

func randomBounds(c cmdlet.Call) (bounds, error) {
	operand := func(name string) any {
		v := c.Get(name)
		if s, ok := v.(string); ok {
			if n, ok := value.ParseNumber(s); ok {
				return n
			}
		}
		return v
	}
	lo, hi := operand("Minimum"), operand("Maximum")
	whole := func(v any) (int64, bool) {
		switch n := v.(type) {
		case int:
			return int64(n), true
		case int64:
			return n, true
		}
		return 0, false
	}
	var b bounds
	var err error
	_, loInt := lo.(int)
	_, hiInt := hi.(int)
	l, loWhole := whole(lo)
	h, hiWhole := whole(hi)
	switch {
	case (lo == nil || loInt) && (hi == nil || hiInt):
		b = bounds{kind: "int", lo: l, hi: h}
		if hi == nil {
			b.hi = math.MaxInt32
		}
	case (lo == nil || loWhole) && (hi == nil || hiWhole):
		b = bounds{kind: "long", lo: l, hi: h}
		if hi == nil {
			b.hi = math.MaxInt64
		}
	default:
		b = bounds{kind: "double", fhi: math.MaxFloat64}
		if lo != nil {
			f, cerr := value.Convert(lo, "double")
			if cerr != nil {
				return b, cerr
			}
			b.flo = f.(float64)
		}
		if hi != nil {
			f, cerr := value.Convert(hi, "double")
			if cerr != nil {
				return b, cerr
			}
			b.fhi = f.(float64)
		}
	}
	var low, high any = b.lo, b.hi
	tooBig := b.lo >= b.hi
	if b.kind == "double" {
		low, high, tooBig = b.flo, b.fhi, b.flo >= b.fhi
	}
	if tooBig {
		err = argumentError(c.Cmdlet().Name, "MinGreaterThanOrEqualMax",
			fmt.Sprintf("The Minimum value (%s) cannot be greater than or equal to the Maximum value (%s).", value.ToString(low), value.ToString(high)), nil)
	}
	return b, err
}

// randomDouble is a fraction from lo up to, not including, hi, as pwsh
// draws it.
func randomDouble(g *generator, lo, hi float64) float64 {
	diff := hi - lo
	for {
		r := g.nextDouble()
		v := lo + r*diff
		if math.IsInf(diff, 0) {
			v = lo + r*hi - r*lo
		} else {
			diff *= r
		}
		if v < hi {
			return v
		}
	}
}

func randomProcess(c cmdlet.Call) error {
	st := c.State().(*randomState)
	if c.ParameterSet() == "RandomNumberParameterSet" {
		return nil
	}
	items := asList(c.Get("InputObject"))
	if c.Get("InputObject") == nil {
		items = []any{nil}
	}
	count := max(c.Int("Count"), 1)
	for _, it := range items {
		switch {
		case c.Switch("Shuffle") || st.seen < count:
			st.chosen = append(st.chosen, it)
		case st.gen.between(0, int64(st.seen+1)) < int64(count):
			st.chosen[st.gen.between(0, int64(len(st.chosen)))] = it
		}
		st.seen++
	}
	return nil
}

func randomEnd(c cmdlet.Call) error {
	st := c.State().(*randomState)
	n := len(st.chosen)
	for i := range n {
		j := int(st.gen.between(int64(i), int64(n)))
		if err := c.Write(st.chosen[j]); err != nil {
			return err
		}
		if i != j {
			st.chosen[j] = st.chosen[i]
		}
	}
	return nil
}
