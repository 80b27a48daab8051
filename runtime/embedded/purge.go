// The rest of a purge: what an enrolment left outside its own bucket.

package embedded

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// purgeRest deletes, in the purge's transaction, the items about
// enrolment id in every inbox, the records of their sends, and its jobs.
// The file is one machine's, so a walk of every inbox and job is cheap
// enough for a purge.
func purgeRest(tx *bolt.Tx, id string) error {
	var sent [][]byte
	if root := tx.Bucket(bucketInbox); root != nil {
		err := root.ForEachBucket(func(rk []byte) error {
			b := root.Bucket(rk)
			var drop [][]byte
			err := b.ForEach(func(k, v []byte) error {
				var it runtime.InboxItem
				if json.Unmarshal(v, &it) == nil && it.Enrolment == id || bytes.HasPrefix(k, []byte(id+"/")) {
					drop = append(drop, bytes.Clone(k))
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, k := range drop {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			sent = append(sent, drop...)
			return nil
		})
		if err != nil {
			return fmt.Errorf("inboxes: %w", err)
		}
	}
	if b := tx.Bucket(bucketDeliveries); b != nil {
		for _, k := range sent {
			for _, ch := range []runtime.Channel{runtime.ChannelEmail, runtime.ChannelSMS} {
				if err := b.Delete([]byte(runtime.DeliveryID(string(k), ch))); err != nil {
					return fmt.Errorf("deliveries: %w", err)
				}
			}
		}
	}
	var jobs []*queued
	err := tx.Bucket(bucketJobs).ForEach(func(k, v []byte) error {
		if !bytes.Contains(k, []byte(id)) && !bytes.Contains(v, []byte(id)) {
			return nil
		}
		q := new(queued)
		if err := json.Unmarshal(v, q); err != nil {
			return fmt.Errorf("decode job %s: %w", k, err)
		}
		jobs = append(jobs, q)
		return nil
	})
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	for _, q := range jobs {
		if err := removeJob(tx, q); err != nil {
			return fmt.Errorf("jobs: %w", err)
		}
	}
	return nil
}
