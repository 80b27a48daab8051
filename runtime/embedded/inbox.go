// The inbox store (runtime.InboxStore): one bucket of items per
// recipient, and the record of deliveries by e-mail and SMS, each changed
// in one transaction.

package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// inbox/<RecipientKey>/<item key> holds an item (JSON, with its read
// time); deliveries/<id> a delivery's claim or send. The buckets are made
// on first write, so a store file from before them opens as it was.
var (
	bucketInbox      = []byte("inbox")
	bucketDeliveries = []byte("deliveries")
)

// AddToInbox adds an item once per key and trims the inbox.
func (s *Store) AddToInbox(ctx context.Context, r runtime.Recipient, item runtime.InboxItem, now time.Time) (bool, error) {
	if item.Key == "" {
		return false, fmt.Errorf("add to inbox: no key: %w", runtime.ErrInvalid)
	}
	added := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bucketInbox)
		if err != nil {
			return err
		}
		b, err := root.CreateBucketIfNotExists([]byte(runtime.RecipientKey(r)))
		if err != nil {
			return err
		}
		if b.Get([]byte(item.Key)) != nil {
			return nil
		}
		if err := putJSON(b, item.Key, item); err != nil {
			return err
		}
		added = true
		items, err := inboxItems(b)
		if err != nil {
			return err
		}
		for _, k := range runtime.TrimInbox(items, now) {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("add to inbox: %w", err)
	}
	return added, nil
}

func inboxItems(b *bolt.Bucket) ([]runtime.InboxItem, error) {
	var out []runtime.InboxItem
	err := b.ForEach(func(k, v []byte) error {
		var it runtime.InboxItem
		if err := json.Unmarshal(v, &it); err != nil {
			return fmt.Errorf("decode inbox item %s: %w", k, err)
		}
		out = append(out, it)
		return nil
	})
	return out, err
}

// inboxOf returns a recipient's bucket, nil when there is none.
func inboxOf(tx *bolt.Tx, r runtime.Recipient) *bolt.Bucket {
	root := tx.Bucket(bucketInbox)
	if root == nil {
		return nil
	}
	return root.Bucket([]byte(runtime.RecipientKey(r)))
}

// Inbox returns a recipient's items, newest first.
func (s *Store) Inbox(ctx context.Context, r runtime.Recipient) ([]runtime.InboxItem, error) {
	var out []runtime.InboxItem
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := inboxOf(tx, r)
		if b == nil {
			return nil
		}
		var err error
		out, err = inboxItems(b)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	runtime.SortInbox(out)
	return out, nil
}

// MarkInboxRead marks an item read, once.
func (s *Store) MarkInboxRead(ctx context.Context, r runtime.Recipient, key string, at time.Time) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := inboxOf(tx, r)
		if b == nil {
			return runtime.ErrNotFound
		}
		var it runtime.InboxItem
		if err := getJSON(b, key, &it); err != nil {
			return err
		}
		if it.Read() {
			return nil
		}
		it.ReadAt = at.UTC()
		return putJSON(b, key, it)
	})
	if err != nil {
		return fmt.Errorf("mark inbox item read: %w", err)
	}
	return nil
}

// delivery is a delivery's record: a claim by Token until Until, or a
// send at Sent.
type delivery struct {
	Token string    `json:"token,omitempty"`
	Until time.Time `json:"until,omitzero"`
	Sent  time.Time `json:"sent,omitzero"`
	// Kept is when the record may be swept.
	Kept time.Time `json:"kept"`
}

// ClaimDelivery claims a send unless it is sent or claimed by another.
// Every sweepEvery claims it also sweeps the records past DeliveryKeep.
func (s *Store) ClaimDelivery(ctx context.Context, id, token string, now time.Time, lease time.Duration) (runtime.DeliveryState, error) {
	var st runtime.DeliveryState
	sweep := s.writes.Add(1)%sweepEvery == 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketDeliveries)
		if err != nil {
			return err
		}
		if sweep {
			if err := sweepDeliveries(b, now); err != nil {
				return err
			}
		}
		var d delivery
		switch err := getJSON(b, id, &d); {
		case err == nil && !d.Sent.IsZero():
			st = runtime.DeliverySent
			return nil
		case err == nil && d.Token != token && d.Until.After(now):
			st = runtime.DeliveryBusy
			return nil
		case err != nil && err != runtime.ErrNotFound:
			return err
		}
		st = runtime.DeliveryClaimed
		return putJSON(b, id, delivery{Token: token, Until: now.Add(lease).UTC(), Kept: now.Add(runtime.DeliveryKeep).UTC()})
	})
	if err != nil {
		return "", fmt.Errorf("claim delivery %s: %w", id, err)
	}
	return st, nil
}

func sweepDeliveries(b *bolt.Bucket, now time.Time) error {
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var d delivery
		if json.Unmarshal(v, &d) != nil || d.Kept.Before(now) {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// FinishDelivery records a send.
func (s *Store) FinishDelivery(ctx context.Context, id, token string, at time.Time) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketDeliveries)
		if err != nil {
			return err
		}
		var d delivery
		if err := getJSON(b, id, &d); err == nil && !d.Sent.IsZero() {
			return nil
		}
		return putJSON(b, id, delivery{Sent: at.UTC(), Kept: at.Add(runtime.DeliveryKeep).UTC()})
	})
	if err != nil {
		return fmt.Errorf("finish delivery %s: %w", id, err)
	}
	return nil
}

// ReleaseDelivery drops token's claim.
func (s *Store) ReleaseDelivery(ctx context.Context, id, token string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		if b == nil {
			return nil
		}
		var d delivery
		if err := getJSON(b, id, &d); err != nil {
			if err == runtime.ErrNotFound {
				return nil
			}
			return err
		}
		if d.Token != token || !d.Sent.IsZero() {
			return nil
		}
		return b.Delete([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("release delivery %s: %w", id, err)
	}
	return nil
}
