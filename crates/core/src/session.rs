//! A session: one simulation, the scenario it started from and the history of what happened, each
//! step with its outcome. It is what every front end drives — the scenario runner and the CLI, the
//! portal, and the console — so a session exports as a scenario file that replays to the same world.

use std::rc::Rc;

use chrono::TimeDelta;

use crate::command::{Command, FieldRef};
use crate::engine::{self, Consoles};
use crate::error::Refusal;
use crate::event::Event;
use crate::model::Credentials;
use crate::scenario::{check_expect, Expect, Scenario, ScenarioError, Shell, Step, StepAction, StepResult};
use crate::sim::Simulator;
use crate::world::World;

/// One step that ran, with what it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// What ran.
    pub action: StepAction,
    /// What it gave.
    pub result: StepResult,
    /// What a console step printed (empty for other steps).
    pub output: String,
}

impl Recorded {
    /// The step as a scenario would write it: its action, expecting what it gave.
    pub fn step(&self) -> Step {
        Step { action: self.action.clone(), expect: self.result.as_expect() }
    }
}

/// How an outcome reads to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It is done.
    Succeeded,
    /// It was accepted and waits for someone else (a PIM request sent for approval).
    Pending,
    /// It was refused.
    Failed,
}

/// The one-line summary of a step the front ends show (a toast, a console line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headline {
    /// Done, waiting or refused.
    pub verdict: Verdict,
    /// E.g. "Activate role (PIM): request sent for approval".
    pub title: String,
}

/// A running session. Cloning it is cheap: the scenario, the starting world and the world's large
/// tables are shared until a step changes them; the rest of the simulation is copied.
/// A replayed step that ended otherwise than it had recorded ([`Session::replay_noting`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The step's number, from 1.
    pub step: usize,
    /// How it ended when it was recorded.
    pub was: Expect,
    /// How it ends now.
    pub now: Expect,
}

#[derive(Clone, Debug)]
pub struct Session {
    scenario: Rc<Scenario>,
    sim: Simulator,
    /// Shared entries: a copy of the session (the portal's state before a change) copies pointers.
    history: Vec<Rc<Recorded>>,
    /// The next step of the scenario's plan (the guided tour).
    next_planned: usize,
    /// What each planned step that ran gave.
    tour: Vec<Expect>,
    /// Whether the person follows the tour: then a command or clock move that does the plan's next
    /// step moves the tour on (see [`Session::follows_plan`]).
    following: bool,
    /// Each principal's console (az and PowerShell contexts, PowerShell variables).
    consoles: Consoles,
}

impl Session {
    /// A session at the scenario's start, no step run.
    pub fn new(scenario: Rc<Scenario>) -> Session {
        let sim = scenario.simulator();
        let consoles = Consoles::new(scenario.az_powershell);
        Session { scenario, sim, history: Vec::new(), next_planned: 0, tour: Vec::new(), following: false, consoles }
    }

    /// The scenario the session started from.
    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenario
    }

    /// The world now.
    pub fn world(&self) -> &World {
        self.sim.world()
    }

    /// The simulation (event log, activity log).
    pub fn simulator(&self) -> &Simulator {
        &self.sim
    }

    /// Every step that ran, oldest first.
    pub fn history(&self) -> &[Rc<Recorded>] {
        &self.history
    }

    /// The last step that ran.
    pub fn last(&self) -> Option<&Recorded> {
        self.history.last().map(|r| &**r)
    }

    /// Runs a command as `actor` and records it; a refusal changes nothing but is recorded too.
    pub fn run(&mut self, actor: &str, command: Command) -> &Recorded {
        self.run_as(actor.to_owned(), command, self.following)
    }

    /// Follows the tour (or stops following it): while on, what the person does by hand that is
    /// the plan's next step moves the tour on, as [`Session::play_next`] does.
    pub fn follow_tour(&mut self, on: bool) {
        self.following = on;
    }

    /// Whether the person follows the tour.
    pub fn following_tour(&self) -> bool {
        self.following
    }

    /// Runs a command. When it is the tour's next step done by hand (see [`Session::follows_plan`]),
    /// it takes the handles the plan creates and the tour moves on.
    /// A replay (`follow` false) leaves the tour where it is.
    fn run_as(&mut self, actor: String, mut command: Command, follow: bool) -> &Recorded {
        let planned = self.next_step().filter(|_| follow).and_then(|step| match &step.action {
            StepAction::Run { command: planned, .. } if self.follows_plan(&step.action, &actor, &command) => {
                Some(planned.clone())
            }
            _ => None,
        });
        if let Some(planned) = &planned {
            command.adopt_new_handles(planned);
        }
        let result = match self.sim.submit(&actor, &mut command, &Credentials::Directories) {
            Ok(outcome) => StepResult::Ok(outcome),
            Err(refusal) => StepResult::Refused(refusal),
        };
        if planned.is_some() {
            self.next_planned += 1;
            self.tour.push(result.as_expect());
        }
        self.record(StepAction::Run { actor, command }, result, String::new())
    }

    /// Runs console text (one line or a block) as `actor` and records it, with what it printed
    /// (SPEC §10). When it is the tour's next step (the same text), the tour moves on.
    pub fn type_in(&mut self, actor: &str, shell: Shell, text: &str) -> &Recorded {
        self.console_as(actor.to_owned(), shell, text.to_owned(), self.following)
    }

    fn console_as(&mut self, actor: String, shell: Shell, text: String, follow: bool) -> &Recorded {
        let (result, output) = match engine::engine() {
            Some(engine) => {
                let ran = (engine.run)(&mut self.sim, &mut self.consoles, &actor, shell, &text);
                let result = match ran.result {
                    Ok(outcome) => StepResult::Ok(outcome),
                    Err(refusal) => StepResult::Refused(refusal),
                };
                (result, ran.output)
            }
            None => (
                StepResult::Refused(Refusal::new(crate::ErrorCode::InvalidInput, crate::scenario::CONSOLE_NOT_LOADED)),
                String::new(),
            ),
        };
        let action = StepAction::Console { actor, shell, text };
        let planned = follow && self.next_step().is_some_and(|step| step.action == action);
        if planned {
            self.next_planned += 1;
            self.tour.push(result.as_expect());
        }
        self.record(action, result, output)
    }

    /// The principals' consoles.
    pub fn consoles(&self) -> &Consoles {
        &self.consoles
    }

    /// From now on console text comes from a script with no terminal to answer a prompt on (`mua
    /// shell`): a line az would ask to confirm is refused, naming `--yes`, as az refuses it in CI.
    pub fn without_terminal(&mut self) {
        self.consoles.no_terminal = true;
    }

    /// The tour's next step, if the plan is not done.
    pub fn next_step(&self) -> Option<&Step> {
        self.scenario.steps.get(self.next_planned)
    }

    /// Whether `actor` running `command` does the planned step `planned`: the same person, the same
    /// command, on the same objects (handles, the guard by handle or ARM id, roles, kinds). Free
    /// text, durations, flags, lists and the handles the command creates may differ: the tour
    /// compares what it gives with what the plan expects.
    pub fn follows_plan(&self, planned: &StepAction, actor: &str, command: &Command) -> bool {
        let StepAction::Run { actor: planned_actor, command: planned } = planned else { return false };
        let world = self.world();
        // A plan may name objects by ARM id: compare the handles they stand for.
        let (mut planned, mut command) = (planned.clone(), command.clone());
        planned.resolve_arm_ids(world);
        command.resolve_arm_ids(world);
        let guard = |field: Option<FieldRef<'_>>| match field {
            Some(FieldRef::Text(r)) => world.resolve_guard(r).map_or_else(|| r.to_owned(), |g| g.id.clone()),
            _ => String::new(),
        };
        planned_actor == actor
            && planned.action_name() == command.action_name()
            && planned.keys().iter().zip(planned.readers()).all(|(key, read)| match *read {
                "new_handle" | "text" | "opt_text" | "datasource" | "text_list" | "flag" | "flag_or_true"
                | "opt_time" | "duration" | "opt_duration" | "settings_change" | "document" | "tags" | "opt_tags" => {
                    true
                }
                "guard_ref" => guard(planned.field(key)) == guard(command.field(key)),
                _ => planned.field(key) == command.field(key),
            })
    }

    /// How a recorded command reads: done, waiting for approval, or refused (`None` for a clock move).
    pub fn headline(&self, recorded: &Recorded) -> Option<Headline> {
        let label = match &recorded.action {
            StepAction::Run { command, .. } => command.label(),
            StepAction::Console { shell: Shell::Az, .. } => "az command",
            StepAction::Console { shell: Shell::Pwsh, .. } => "PowerShell command",
            StepAction::Advance(_) => return None,
        };
        Some(match &recorded.result {
            StepResult::Refused(_) => Headline { verdict: Verdict::Failed, title: format!("{label} failed") },
            StepResult::Advanced => return None,
            StepResult::Ok(outcome) => {
                let waiting = self.sim.events().get(outcome.events.clone()).is_some_and(|events| {
                    events.iter().any(
                        |e| matches!(e, Event::RequestSaved(r) if r.status == crate::pim::RequestStatus::PendingApproval),
                    )
                });
                if waiting {
                    Headline { verdict: Verdict::Pending, title: format!("{label}: request sent for approval") }
                } else {
                    Headline { verdict: Verdict::Succeeded, title: format!("{label} succeeded") }
                }
            }
        })
    }

    /// Moves the clock. A refused move (backwards, overflow) changes nothing and is not recorded.
    /// When the tour's next step is this very move, the tour moves on.
    pub fn advance(&mut self, by: TimeDelta) -> Result<&Recorded, Refusal> {
        self.advance_by(by, self.following)
    }

    fn advance_by(&mut self, by: TimeDelta, follow: bool) -> Result<&Recorded, Refusal> {
        self.sim.advance(by)?;
        if follow && self.next_step().is_some_and(|step| step.action == StepAction::Advance(by)) {
            self.next_planned += 1;
            self.tour.push(Expect::Ok);
        }
        Ok(self.record(StepAction::Advance(by), StepResult::Advanced, String::new()))
    }

    fn play_step(&mut self, action: StepAction, follow: bool) -> Result<&Recorded, Refusal> {
        match action {
            StepAction::Run { actor, command } => Ok(self.run_as(actor, command, follow)),
            StepAction::Advance(by) => self.advance_by(by, follow),
            StepAction::Console { actor, shell, text } => Ok(self.console_as(actor, shell, text, follow)),
        }
    }

    /// Runs the scenario's next planned step (the guided tour); `None` when the plan is done.
    pub fn play_next(&mut self) -> Option<Result<&Recorded, Refusal>> {
        let step = self.next_step()?.clone();
        // The plan's own step: the tour moves on whatever it gives (a clock move the simulator
        // refused, because it would overflow, included).
        let outcome = self.play_step(step.action, false).map(|recorded| recorded.result.as_expect());
        self.next_planned += 1;
        self.tour.push(match &outcome {
            Ok(expect) => *expect,
            Err(refusal) => Expect::Refused(refusal.code),
        });
        match outcome {
            Ok(_) => self.last().map(Ok),
            Err(refusal) => Some(Err(refusal)),
        }
    }

    /// Takes back the last recorded step: the session becomes what it was before it (the core
    /// replays the rest of the history on the scenario's world). When that step was the tour's
    /// last, the tour steps back too. Returns the step taken back.
    pub fn undo(&mut self) -> Option<Rc<Recorded>> {
        let keep = self.history.len().checked_sub(1)?;
        self.undo_to(keep).pop()
    }

    /// Takes back every recorded step after the first `keep` (all that one tour step's attempt
    /// did: the sign-ins made for it, and the step), replaying the rest of the history once. The
    /// tour steps back over each planned step taken back. Returns what was taken back, the last
    /// step first.
    pub fn undo_to(&mut self, keep: usize) -> Vec<Rc<Recorded>> {
        let mut taken = Vec::new();
        while self.history.len() > keep {
            let Some(last) = self.history.pop() else { break };
            let planned = self.next_planned.checked_sub(1).and_then(|i| self.scenario.steps.get(i));
            let was_planned = planned.is_some_and(|step| match &last.action {
                StepAction::Run { actor, command } => self.follows_plan(&step.action, actor, command),
                other => step.action == *other,
            });
            if was_planned {
                self.next_planned -= 1;
                self.tour.truncate(self.next_planned);
            }
            taken.push(last);
        }
        if taken.is_empty() {
            return taken;
        }
        let mut fresh = Session::new(Rc::clone(&self.scenario));
        fresh.sim.reserve(self.history.len());
        for recorded in &self.history {
            // Same input, same output: each step gives what it gave before.
            let _ = fresh.play_step(recorded.action.clone(), false);
        }
        self.sim = fresh.sim;
        let no_terminal = self.consoles.no_terminal;
        self.consoles = fresh.consoles;
        self.consoles.no_terminal = no_terminal;
        taken
    }

    /// Runs the rest of the plan, whatever each step gives.
    pub fn play_plan(&mut self) {
        while self.play_next().is_some() {}
    }

    /// How far the guided tour has come, and what each of its steps gave.
    pub fn tour(&self) -> (usize, &[Expect]) {
        (self.next_planned, &self.tour)
    }

    /// Sets how far the tour has come (a restored session).
    pub fn set_tour_position(&mut self, position: usize) {
        self.next_planned = position.min(self.scenario.steps.len());
    }

    /// A session that ran `steps` on the scenario's world, each checked against its `expect`.
    pub fn replay(scenario: Rc<Scenario>, steps: &[Step]) -> Result<Session, ScenarioError> {
        let mut session = Session::new(scenario);
        session.history.reserve(steps.len());
        session.sim.reserve(steps.len());
        for (i, step) in steps.iter().enumerate() {
            session.check(i + 1, step)?;
        }
        Ok(session)
    }

    /// Replays steps as [`Session::replay`] does, but plays every one whatever it gives and lists
    /// those whose outcome differs from their `expect`: a link made by another version, or of a
    /// scenario whose text changed since, opens and says what now ends differently.
    pub fn replay_noting(scenario: Rc<Scenario>, steps: &[Step]) -> (Session, Vec<Drift>) {
        let mut session = Session::new(scenario);
        let mut drift = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let got = match session.play_step(step.action.clone(), false) {
                Ok(recorded) => recorded.result.as_expect(),
                Err(refusal) => Expect::Refused(refusal.code),
            };
            if got != step.expect {
                drift.push(Drift { step: i + 1, was: step.expect, now: got });
            }
        }
        (session, drift)
    }

    /// Plays a step and compares what it gave with its `expect`.
    fn check(&mut self, number: usize, step: &Step) -> Result<(), ScenarioError> {
        let refused;
        let result = match self.play_step(step.action.clone(), false) {
            Ok(recorded) => &recorded.result,
            Err(refusal) => {
                refused = StepResult::Refused(refusal);
                &refused
            }
        };
        check_expect(number, step, result)
    }

    fn record(&mut self, action: StepAction, result: StepResult, output: String) -> &Recorded {
        self.history.push(Rc::new(Recorded { action, result, output }));
        // PANIC SAFETY: pushed just above.
        #[allow(clippy::unwrap_used)]
        self.history.last().unwrap()
    }
}

impl Scenario {
    /// Runs every step in a session, stopping at the first outcome that differs from its `expect`
    /// or the first state assertion that does not hold (each named by its number in the file).
    pub fn run(self: &Rc<Self>) -> Result<Session, ScenarioError> {
        let mut session = Session::new(Rc::clone(self));
        session.sim.reserve(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            self.check_assertions(i, session.world())?;
            session.check(self.numbers.get(i).copied().unwrap_or(i + 1), step)?;
        }
        self.check_assertions(self.steps.len(), session.world())?;
        Ok(session)
    }
}
