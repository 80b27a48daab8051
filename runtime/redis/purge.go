// The rest of a purge: what an enrolment left outside its own keys.

package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// recipientsKey is P{e:ID}:rcpt, the set of the runtime.RecipientKey of
// everyone whose inbox got an item about the enrolment, so that its purge
// finds them without scanning every inbox.
func (s *Store) recipientsKey(id string) string { return s.prefix + "{e:" + id + "}:rcpt" }

// inboxKeysOf are the keys of the inbox of a runtime.RecipientKey.
func (s *Store) inboxKeysOf(rk string) []string {
	p := s.prefix + "{in:" + rk + "}:"
	return []string{p + "items", p + "order", p + "read"}
}

// rememberRecipient records that r's inbox holds an item about an
// enrolment. It runs before the item is added, so a purge that races the
// add finds the recipient.
func (s *Store) rememberRecipient(ctx context.Context, enrolment string, r runtime.Recipient) error {
	if enrolment == "" {
		return nil
	}
	if err := s.rdb.SAdd(ctx, s.recipientsKey(enrolment), runtime.RecipientKey(r)).Err(); err != nil {
		return fmt.Errorf("remember recipient: %w", err)
	}
	return nil
}

// purgeRest deletes what an enrolment left outside its own keys: the
// items about it in every inbox it reached (with their deliveries' claims
// and sends), its jobs in the queue, and its decoded snapshot in memory.
// recipients are the inboxes to look in besides those recorded.
func (s *Store) purgeRest(ctx context.Context, id string, recipients []runtime.Recipient) error {
	s.snaps.Forget(id)
	rks, err := s.rdb.SMembers(ctx, s.recipientsKey(id)).Result()
	if err != nil {
		return fmt.Errorf("recipients: %w", err)
	}
	for _, r := range recipients {
		rks = append(rks, runtime.RecipientKey(r))
	}
	seen := map[string]bool{}
	for _, rk := range rks {
		if seen[rk] {
			continue
		}
		seen[rk] = true
		if err := s.purgeInbox(ctx, id, rk); err != nil {
			return err
		}
	}
	if err := s.rdb.Del(ctx, s.recipientsKey(id)).Err(); err != nil {
		return fmt.Errorf("recipients: %w", err)
	}
	return s.purgeJobs(ctx, id)
}

// purgeInbox drops the items about enrolment id from the inbox rk, and
// the records of their sends by e-mail and SMS.
func (s *Store) purgeInbox(ctx context.Context, id, rk string) error {
	keys := s.inboxKeysOf(rk)
	items, err := s.rdb.HGetAll(ctx, keys[0]).Result()
	if err != nil {
		return fmt.Errorf("inbox %s: %w", rk, err)
	}
	var drop []string
	for k, raw := range items {
		var it runtime.InboxItem
		if json.Unmarshal([]byte(raw), &it) == nil && it.Enrolment == id || strings.HasPrefix(k, id+"/") {
			drop = append(drop, k)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	_, err = s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.HDel(ctx, keys[0], drop...)
		p.ZRem(ctx, keys[1], anys(drop)...)
		p.HDel(ctx, keys[2], drop...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("inbox %s: %w", rk, err)
	}
	for _, k := range drop {
		for _, ch := range []runtime.Channel{runtime.ChannelEmail, runtime.ChannelSMS} {
			if err := s.rdb.Del(ctx, s.deliveryKey(runtime.DeliveryID(k, ch))).Err(); err != nil {
				return fmt.Errorf("delivery of %s: %w", k, err)
			}
		}
	}
	return nil
}

// purgeJobs unschedules the jobs of enrolment id. Their ids name it
// (runtime.JobID, runtime.DeliveryJob), so a scan of the job hash for the
// id finds them; each is checked before it goes.
func (s *Store) purgeJobs(ctx context.Context, id string) error {
	jobs := s.queueKeys()[1]
	var ids []string
	iter := s.rdb.HScan(ctx, jobs, 0, "*"+id+"*", 500).Iterator()
	for i := 0; iter.Next(ctx); i++ {
		if i%2 == 0 {
			ids = append(ids, iter.Val())
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	for _, jid := range ids {
		if !strings.Contains(jid, id) {
			continue
		}
		if err := s.Unschedule(ctx, jid); err != nil {
			return err
		}
	}
	return nil
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
