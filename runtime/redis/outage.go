package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// Timeouts of a client that its URL does not set. A stalled Redis costs a
// command at most these, and the caller's deadline holds too: go-redis
// ignores context deadlines unless ContextTimeoutEnabled.
const (
	dialTimeout = 2 * time.Second
	ioTimeout   = 2 * time.Second
)

// bound turns on context deadlines and sets the timeouts left at zero.
func bound(contextTimeout *bool, dial, read, write *time.Duration) {
	*contextTimeout = true
	for _, d := range []struct {
		p   *time.Duration
		def time.Duration
	}{{dial, dialTimeout}, {read, ioTimeout}, {write, ioTimeout}} {
		if *d.p == 0 {
			*d.p = d.def
		}
	}
}

// unavailableHook makes every error of a command that Redis did not answer
// (a refused or broken connection, a timeout, a deadline, a closed
// client) wrap runtime.ErrUnavailable, so callers can tell a store outage
// from an answer. Redis's own replies, goredis.Nil among them, are left
// as they are.
type unavailableHook struct{}

// unavailable wraps the command's error in runtime.ErrUnavailable unless it
// is Redis's reply, and returns it.
func unavailable(cmd goredis.Cmder) error {
	err := cmd.Err()
	var reply goredis.Error
	if err == nil || errors.As(err, &reply) || errors.Is(err, runtime.ErrUnavailable) {
		return err
	}
	err = fmt.Errorf("%w: %w", runtime.ErrUnavailable, err)
	cmd.SetErr(err)
	return err
}

func (unavailableHook) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (unavailableHook) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		if err := next(ctx, cmd); err != nil && cmd.Err() == nil {
			cmd.SetErr(err)
		}
		return unavailable(cmd)
	}
}

func (unavailableHook) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		err := next(ctx, cmds)
		for _, cmd := range cmds {
			unavailable(cmd)
		}
		var reply goredis.Error
		if err != nil && !errors.As(err, &reply) && !errors.Is(err, runtime.ErrUnavailable) {
			err = fmt.Errorf("%w: %w", runtime.ErrUnavailable, err)
		}
		return err
	}
}
