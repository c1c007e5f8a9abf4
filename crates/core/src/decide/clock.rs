//! The clock's passing (P4, P5, P7): request timeouts and the ends of activations and time-bound
//! assignments, each stamped at the minute it happened.

use chrono::{DateTime, Utc};

use super::pim::{audit_event, capitalize, notify};
use crate::event::Event;
use crate::model::Origin;
use crate::pim::{AuditEntry, PimRequest, RequestStatus, APPROVAL_TIMEOUT, SYSTEM};
use crate::world::World;

impl World {
    /// The events that happen when the clock moves to `to`: request timeouts (P4) and the ends of
    /// activations and time-bound assignments (P5, P7), each stamped at the minute it happened.
    pub fn advance_events(&self, to: DateTime<Utc>) -> Vec<Event> {
        let from = self.now;
        let mut timed: Vec<(DateTime<Utc>, Event)> = Vec::new();
        for r in self.requests.values() {
            let deadline = r.created + APPROVAL_TIMEOUT;
            if r.status == RequestStatus::PendingApproval && deadline <= to {
                timed
                    .push((deadline, Event::RequestSaved(PimRequest { status: RequestStatus::TimedOut, ..r.clone() })));
                timed.push((deadline, audit_event(self, deadline, SYSTEM, "Request timed out", r)));
                timed.push((deadline, notify(deadline, &r.principal, format!("Your request {} timed out", r.id))));
            }
            if let (RequestStatus::Provisioned, Some((_, end))) = (r.status, r.window) {
                if from < end && end <= to {
                    timed.push((end, Event::RequestSaved(PimRequest { status: RequestStatus::Expired, ..r.clone() })));
                    timed.push((end, audit_event(self, end, SYSTEM, "Role activation expired", r)));
                    timed.push((end, notify(end, &r.principal, format!("Your {} activation ended", r.role.name))));
                }
            }
        }
        for a in self.assignments.values().flatten() {
            if let (Origin::Pim, Some(end)) = (&a.origin, a.end) {
                if from < end && end <= to {
                    let tenant = self.tenant_of_scope(&a.scope).unwrap_or_default().to_owned();
                    timed.push((
                        end,
                        Event::Audited(AuditEntry {
                            time: end,
                            tenant,
                            actor: SYSTEM.to_owned(),
                            activity: format!("{} assignment expired", capitalize(a.kind.as_str())),
                            principal: a.principal.clone(),
                            role: a.role.name,
                            scope: a.scope.clone(),
                            request: None,
                        }),
                    ));
                }
            }
        }
        // In time order, events of the same minute in the order above (a few events: inserting each
        // in place costs less download than a sort).
        let mut ordered: Vec<(DateTime<Utc>, Event)> = Vec::with_capacity(timed.len());
        for (at, event) in timed {
            let place = ordered.partition_point(|(t, _)| *t <= at);
            ordered.insert(place, (at, event));
        }
        ordered.into_iter().map(|(_, e)| e).collect()
    }
}
