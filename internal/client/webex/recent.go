package webex

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
	"github.com/partneradmin/terraform-provider-partneradmin/internal/webexid"
)

// AssignedCheckWindow bounds how old what answers IsAssigned may be: this
// client's own assign or unassign of the admin answered 2xx at most this
// long ago (Webex may not list it yet), or else a list of the customer's
// partner admins read fresh at most this long ago. Older ones are read
// again.
//
// Why not read before every assign: that read is a round trip in series
// with the assign, and it made an apply of many assignments three round
// trips per create. The window matters only for someone else's assignment
// of the same admin to the same customer made in the window: if Webex then
// accepted a second assign of it (Cisco documents 400 and 409 for the call
// and neither as this case; see IsRefusal), the Create would not notice.
// Under either refusal the assign itself tells, whatever the list said.
const AssignedCheckWindow = 5 * time.Second

// recentLists remembers, per customer, the newest list of its partner
// admins read fresh by this client, and this client's latest own write of
// each assignment, so that the check before each of many assigns to one
// customer costs one read, not one each.
type recentLists struct {
	now func() time.Time

	mu      sync.Mutex
	lists   map[string]customerList  // by orgCacheKey
	reading map[string]*pendingList  // a fresh read in flight, by orgCacheKey
	writes  map[string]ownWrite      // by assignmentKey
	holds   map[string]chan struct{} // HoldAssignment, by assignmentKey
}

type customerList struct {
	started time.Time       // when the read was asked for: it went out no earlier
	admins  map[string]bool // person keys
}

type pendingList struct {
	started time.Time
	done    chan struct{}
}

// ownWrite is an assign or unassign this client saw answered 2xx.
type ownWrite struct {
	at       time.Time
	assigned bool
}

func newRecentLists() *recentLists {
	return &recentLists{now: time.Now, lists: map[string]customerList{}, reading: map[string]*pendingList{},
		writes: map[string]ownWrite{}, holds: map[string]chan struct{}{}}
}

func personKey(personID string) string {
	if id, err := webexid.Parse(personID); err == nil {
		return id.Key()
	}
	return personID
}

func assignmentKey(orgID, personID string) string {
	return orgCacheKey(orgID) + "\x00" + personKey(personID)
}

// saw records a list read that was asked for at started, unless a newer
// one is known.
func (r *recentLists) saw(orgID string, started time.Time, admins []PartnerAdmin) {
	ids := make(map[string]bool, len(admins))
	for _, a := range admins {
		ids[personKey(a.ID)] = true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k := orgCacheKey(orgID)
	if cur, ok := r.lists[k]; !ok || started.After(cur.started) {
		r.lists[k] = customerList{started: started, admins: ids}
	}
}

// wrote records an own write answered 2xx; a write with another outcome
// forgets what is known of the customer, so the next check reads again.
func (r *recentLists) wrote(orgID, personID string, assigned bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := assignmentKey(orgID, personID)
	if err != nil {
		delete(r.writes, k)
		delete(r.lists, orgCacheKey(orgID))
		return
	}
	r.writes[k] = ownWrite{at: r.now(), assigned: assigned}
}

// lookup answers from an own write within the window, which wins over any
// list (a list read after it may not show it yet), else from a list within
// the window, or reports that neither is. Callers hold mu.
func (r *recentLists) lookup(orgID, personID string) (assigned, ok bool) {
	now := r.now()
	if w, ok := r.writes[assignmentKey(orgID, personID)]; ok && now.Sub(w.at) <= AssignedCheckWindow {
		return w.assigned, true
	}
	l, ok := r.lists[orgCacheKey(orgID)]
	if !ok || now.Sub(l.started) > AssignedCheckWindow {
		return false, false
	}
	return l.admins[personKey(personID)], true
}

// IsAssigned reports whether personID is among orgID's partner admins: as
// this client's own write of it within AssignedCheckWindow left it, else
// as a list read fresh within the window shows it. Without such a list it
// reads one; callers asking while that read is in flight share it.
func (c *Client) IsAssigned(ctx context.Context, orgID, personID string) (bool, error) {
	r := c.recent
	for {
		r.mu.Lock()
		if assigned, ok := r.lookup(orgID, personID); ok {
			r.mu.Unlock()
			return assigned, nil
		}
		k := orgCacheKey(orgID)
		if p := r.reading[k]; p != nil && r.now().Sub(p.started) <= AssignedCheckWindow {
			r.mu.Unlock()
			select {
			case <-p.done:
				// Read again (or answer from its list): a failed read
				// fails each caller with its own request's error.
				continue
			case <-ctx.Done():
				return false, fmt.Errorf("webex: waiting for the partner admins of customer %s: %w", orgID, context.Cause(ctx))
			}
		}
		p := &pendingList{started: r.now(), done: make(chan struct{})}
		r.reading[k] = p
		r.mu.Unlock()

		admins, err := c.ListCustomerPartnerAdmins(client.WithFreshReads(ctx), orgID)
		r.mu.Lock()
		if r.reading[k] == p {
			delete(r.reading, k)
		}
		close(p.done)
		if err != nil {
			r.mu.Unlock()
			return false, err
		}
		// The read is recorded (ListCustomerPartnerAdmins); answer from it
		// even if a newer list beat it, with own writes laid over it.
		if assigned, ok := r.lookup(orgID, personID); ok {
			r.mu.Unlock()
			return assigned, nil
		}
		r.mu.Unlock()
		return FindAdmin(admins, personID) != nil, nil
	}
}

// HoldAssignment serializes this client's creates of one assignment, from
// the check before the assign to its end: of two resources of the same
// admin and customer in one run, the second then sees the first's write
// (IsAssigned) instead of checking at the same moment and assigning too,
// which, where Webex accepts a duplicate assign, would leave both in state.
func (c *Client) HoldAssignment(ctx context.Context, orgID, personID string) (release func(), err error) {
	r := c.recent
	k := assignmentKey(orgID, personID)
	r.mu.Lock()
	hold := r.holds[k]
	if hold == nil {
		hold = make(chan struct{}, 1)
		r.holds[k] = hold
	}
	r.mu.Unlock()
	select {
	case hold <- struct{}{}:
		return func() { <-hold }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("webex: waiting for another create of partner admin %s in customer %s: %w", personID, orgID, context.Cause(ctx))
	}
}
