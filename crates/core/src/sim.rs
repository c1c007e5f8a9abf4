//! The simulator: a world, the events that built it, and the per-tenant activity log.

use std::ops::Range;

use chrono::{DateTime, TimeDelta, Utc};

use crate::command::Command;
use crate::decide::Decision;
use crate::error::{ErrorCode, Refusal, Result, Trace};
use crate::event::Event;
use crate::model::Credentials;
use crate::world::World;

/// Outcome of an entry in the activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The operation succeeded.
    Succeeded,
    /// The operation was refused with this code.
    Failed(ErrorCode),
}

/// One line of a tenant's activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityEntry {
    /// When.
    pub time: DateTime<Utc>,
    /// The tenant whose log holds it (the tenant of the target resource, else the caller's).
    pub tenant: String,
    /// Who.
    pub caller: String,
    /// What (the portal's operation name).
    pub operation: &'static str,
    /// On what (a handle).
    pub target: String,
    /// Outcome.
    pub status: Status,
}

/// What a successful [`Simulator::execute`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Where the events it caused are in the simulator's event log ([`Simulator::events`]).
    pub events: Range<usize>,
    /// The ordered checks that allowed it.
    pub trace: Trace,
}

/// A running simulation. Same input, same output: no randomness, no wall clock.
#[derive(Clone, Debug)]
pub struct Simulator {
    /// The world as it started: shared by every copy of the simulation (the portal copies its
    /// session on every change; a second world to copy each time cost as much as the first).
    initial: std::rc::Rc<World>,
    world: World,
    events: Vec<Event>,
    activity: Vec<ActivityEntry>,
}

impl Simulator {
    /// Starts a simulation of `world`.
    pub fn new(world: World) -> Simulator {
        Simulator { initial: std::rc::Rc::new(world.clone()), world, events: Vec::new(), activity: Vec::new() }
    }

    /// Makes room in the logs for `steps` more commands (a replay knows how many it will run).
    pub fn reserve(&mut self, steps: usize) {
        self.events.reserve(steps);
        self.activity.reserve(steps);
    }

    /// The current world.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The world the simulation started from.
    pub fn initial(&self) -> &World {
        &self.initial
    }

    /// Every event so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The activity log, oldest first.
    pub fn activity(&self) -> &[ActivityEntry] {
        &self.activity
    }

    /// Executes a command as `actor`. A refused command changes nothing in the world (it is
    /// recorded in the activity log, as Azure records failed operations).
    pub fn execute(&mut self, actor: &str, command: &Command) -> Result<Outcome> {
        self.execute_with(actor, command, &Credentials::Directories)
    }

    /// The one entry a request of a person comes in by, a click (`Session::run`) or a console line
    /// (az, PowerShell, `az rest`): names the command gives by ARM id or sign-in name become the
    /// world's handles (the command is left resolved, as it is recorded and printed), then it is
    /// executed as `actor` acting with `credentials` (the portal's directories, or a line's own
    /// tokens).
    pub fn submit(&mut self, actor: &str, command: &mut Command, credentials: &Credentials) -> Result<Outcome> {
        command.resolve_arm_ids(&self.world);
        self.execute_with(actor, command, credentials)
    }

    /// Executes a command as `actor` acting with `credentials`.
    fn execute_with(&mut self, actor: &str, command: &Command, credentials: &Credentials) -> Result<Outcome> {
        let result = self.world.decide_with(actor, command, credentials);
        let (tenant, target) = self.log_target(actor, command);
        let status = match &result {
            Ok(_) => Status::Succeeded,
            Err(r) => Status::Failed(r.code),
        };
        self.activity.push(ActivityEntry {
            time: self.world.now(),
            tenant,
            caller: actor.to_owned(),
            operation: command.label(),
            target,
            status,
        });
        let Decision { events, trace } = result?;
        for e in &events {
            self.world.apply(e);
        }
        let start = self.events.len();
        self.events.extend(events);
        Ok(Outcome { events: start..self.events.len(), trace })
    }

    /// Moves the simulated clock forward.
    pub fn advance(&mut self, by: TimeDelta) -> Result<()> {
        if by < TimeDelta::zero() {
            return Err(Refusal::new(ErrorCode::InvalidInput, "The clock only moves forward."));
        }
        let Some(to) = self.world.now().checked_add_signed(by) else {
            return Err(Refusal::new(ErrorCode::InvalidInput, "The clock would overflow."));
        };
        let mut events = self.world.advance_events(to);
        events.push(Event::ClockAdvanced(to));
        for e in &events {
            self.world.apply(e);
        }
        self.events.extend(events);
        Ok(())
    }

    /// Rebuilds a world by applying `events` to `initial`.
    pub fn replay(initial: &World, events: &[Event]) -> World {
        let mut w = initial.clone();
        for e in events {
            w.apply(e);
        }
        w
    }

    fn log_target(&self, actor: &str, command: &Command) -> (String, String) {
        let w = &self.world;
        // An item is logged on its vault, a request or a delegation on its scope.
        let target = match command.target() {
            Some(("item", item)) => w.items().get(item).map_or(item, |i| i.vault.as_str()),
            Some(("request", request)) => w.requests().get(request).map_or(request, |r| r.scope.as_str()),
            Some(("delegation", id)) => {
                w.delegations().get(id).and_then(|d| d.scopes.first()).map_or(id, |s| s.as_str())
            }
            Some((_, handle)) => handle,
            None => "",
        }
        .to_owned();
        let tenant = w
            .tenant_of_scope(&target)
            .map(str::to_owned)
            .or_else(|| w.tenants().get(&target).map(|t| t.id.clone()))
            .or_else(|| w.principals().get(actor).map(|p| p.tenant.clone()))
            .unwrap_or_default();
        (tenant, target)
    }
}
