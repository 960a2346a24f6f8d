package graphclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// MaxBatch is how many requests one $batch may hold.
const MaxBatch = 20

// Request is one request of a $batch: a method, a path after /v1.0 with
// its query, and a body to send as JSON (nil for none).
type Request struct {
	Method string
	Path   string
	Body   any
}

// batchRequest and batchAnswer are a step of $batch's body and of its answer.
type batchRequest struct {
	ID      string            `json:"id"`
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    any               `json:"body,omitempty"`
}

type batchAnswer struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
}

// Batch sends up to 20 requests in one $batch and returns Graph's answer
// to each, in the order of reqs. A request Graph throttled (429) or could
// not serve (503) is sent again, with the others so answered, in a new
// $batch after the longest Retry-After among them, as often as Graph
// names a Retry-After, or after an exponential back-off up to Config.Tries
// times, after which its answer is returned as it is. Each
// answer that is an error has it as an *Error in errs. The error returned
// is the $batch's own: nothing of reqs is known to be done then.
func (c *Client) Batch(ctx context.Context, reqs []Request) (out []Response, errs []error, err error) {
	if len(reqs) > MaxBatch {
		return nil, nil, fmt.Errorf("a $batch holds at most %d requests, not %d", MaxBatch, len(reqs))
	}
	out = make([]Response, len(reqs))
	errs = make([]error, len(reqs))
	todo := make([]int, len(reqs))
	for i := range reqs {
		todo[i] = i
	}
	for try := 1; len(todo) > 0; try++ {
		body := struct {
			Requests []batchRequest `json:"requests"`
		}{}
		for _, i := range todo {
			r := batchRequest{ID: strconv.Itoa(i + 1), Method: reqs[i].Method, URL: reqs[i].Path}
			if reqs[i].Body != nil {
				r.Body, r.Headers = reqs[i].Body, map[string]string{"Content-Type": "application/json"}
			}
			body.Requests = append(body.Requests, r)
		}
		resp, err := c.Do(ctx, http.MethodPost, "/$batch", body, nil)
		if err != nil {
			return nil, nil, err
		}
		var answer struct {
			Responses []batchAnswer `json:"responses"`
		}
		if err := c.decode("/$batch", resp.Body, &answer); err != nil {
			return nil, nil, err
		}
		var again []int
		var wait time.Duration
		status := 0
		for _, a := range answer.Responses {
			n, err := strconv.Atoi(a.ID)
			if err != nil || n < 1 || n > len(reqs) {
				return nil, nil, fmt.Errorf("%s/$batch answered a request it was not sent, '%s'", c.base, a.ID)
			}
			i := n - 1
			h := http.Header{}
			for k, v := range a.Headers {
				h.Set(k, v)
			}
			out[i] = Response{Status: a.Status, Header: h, Body: a.Body}
			errs[i] = nil
			if a.Status >= 300 {
				errs[i] = graphError(reqs[i].Method, reqs[i].Path, a.Status, h, a.Body, c.base)
			}
			if retryable(a.Status) && (retryAfter(h) > 0 || try < c.cfg.Tries) {
				again = append(again, i)
				wait = max(wait, retryAfter(h))
				status = a.Status
			}
		}
		for _, i := range todo {
			if out[i].Status == 0 {
				return nil, nil, fmt.Errorf("%s/$batch did not answer request %d of %d", c.base, i+1, len(reqs))
			}
		}
		if len(again) > 0 {
			if err := c.wait(ctx, status, try, wait); err != nil {
				return nil, nil, err
			}
		}
		todo = again
	}
	return out, errs, nil
}

// Pipeline hands the work next gives to work, up to inflight pieces at
// once, in the order next gives them, as a batch keeps a bounded number of
// $batches in flight. The first error, of next or of a piece, stops it: no
// new piece starts, those running finish, and that error is returned.
func Pipeline[T any](parent context.Context, inflight int, next func() (T, bool, error), work func(context.Context, T) error) error {
	inflight = max(inflight, 1)
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil && first == nil {
			first = err
			cancel()
		}
	}
	slots := make(chan struct{}, inflight)
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		piece, ok, err := next()
		if err != nil || !ok {
			fail(err)
			<-slots
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			fail(work(ctx, piece))
		}()
	}
	wg.Wait()
	if first == nil {
		first = parent.Err()
	}
	return first
}
