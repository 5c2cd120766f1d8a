//! What the studio remembers between sessions (through eframe persistence): the user's work and
//! preferences, never results.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::event_doc::EventDoc;
use super::samples;
use crate::engine::{HandlerKind, Trigger};

/// How many recent files the File menu lists.
pub const MAX_RECENT_FILES: usize = 8;
/// Default time limit of a studio run (Auth0's 20 s would make an endless loop feel like a hang).
pub const DEFAULT_TIMEOUT_MS: u64 = 5_000;

/// Light, dark, or follow the system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    System,
    /// Light theme.
    Light,
    /// Dark theme.
    #[default]
    Dark,
}

/// Which tab the event panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventTab {
    /// The form with sliders and fields.
    #[default]
    Builder,
    /// The whole event as editable JSON.
    Json,
}

/// Which view the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CentralTab {
    /// The code editor.
    #[default]
    Code,
    /// The decision map.
    Map,
}

/// Which view the right panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RightTab {
    /// The last run's results.
    #[default]
    Results,
    /// The scenario suite.
    Tests,
}

/// Decision-map preferences.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapSettings {
    /// Score step of an explicit sweep (1: every score, 10,201 cells).
    pub step: f64,
    /// Score step of the automatic sweeps of Live mode (coarser, so they finish quickly).
    pub live_step: f64,
    /// Draw the reference lines at the thresholds the samples use.
    pub reference_lines: bool,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            step: 1.0,
            live_step: 5.0,
            reference_lines: true,
        }
    }
}

/// The persisted part of the studio.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    /// The action's source in the editor.
    pub code: String,
    /// The source as last saved or opened (the modified marker compares against it).
    pub saved_code: String,
    /// The file the action was opened from or saved to.
    pub file_path: Option<PathBuf>,
    /// The bundled sample the code came from, if it did not come from a file.
    pub sample: Option<String>,
    /// The selected trigger.
    pub trigger: Trigger,
    /// The selected handler (`onExecute…` or `onContinue…`).
    pub handler: HandlerKind,
    /// The event of the selected trigger.
    pub event: EventDoc,
    /// Events of the other triggers (JSON text by trigger id), kept while switching.
    pub other_events: BTreeMap<String, String>,
    /// Re-run on every edit.
    pub live: bool,
    /// The colour theme.
    pub theme: ThemeChoice,
    /// The event panel's tab.
    pub event_tab: EventTab,
    /// Recently opened or saved files, newest first.
    pub recent_files: Vec<PathBuf>,
    /// Time limit of a run, in milliseconds.
    pub timeout_ms: u64,
    /// The central area's view.
    pub central_tab: CentralTab,
    /// The right panel's view.
    pub right_tab: RightTab,
    /// Decision-map preferences.
    pub map: MapSettings,
    /// The folder the Tests panel lists (default: next to the open file, or `samples/scenarios`).
    pub tests_folder: Option<PathBuf>,
}

impl Default for PersistedState {
    fn default() -> Self {
        let sample = samples::default_sample();
        Self {
            code: sample.code.to_owned(),
            saved_code: sample.code.to_owned(),
            file_path: None,
            sample: Some(sample.file.to_owned()),
            trigger: sample.trigger,
            handler: HandlerKind::Execute,
            event: EventDoc::from_value(sample.trigger.default_event()),
            other_events: BTreeMap::new(),
            live: false,
            theme: ThemeChoice::default(),
            event_tab: EventTab::default(),
            recent_files: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            central_tab: CentralTab::default(),
            right_tab: RightTab::default(),
            map: MapSettings::default(),
            tests_folder: None,
        }
    }
}

impl PersistedState {
    /// The folder of the open file, where file dialogs start.
    pub fn file_dir(&self) -> Option<PathBuf> {
        self.file_path
            .as_deref()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
    }

    /// Re-derives what is not persisted (the parsed event) after loading.
    pub fn restored(mut self) -> Self {
        let text = std::mem::take(&mut self.event.text);
        self.event = EventDoc::from_text(text, self.trigger.default_event());
        if self.trigger.continue_handler().is_none() {
            self.handler = HandlerKind::Execute;
        }
        self
    }

    /// Whether the code differs from the saved or opened version.
    pub fn is_modified(&self) -> bool {
        self.code != self.saved_code
    }

    /// The document name shown in the title (`file.js`, the sample's file, or `untitled.js`).
    pub fn document_name(&self) -> String {
        if let Some(name) = self.file_path.as_ref().and_then(|p| p.file_name()) {
            return name.to_string_lossy().into_owned();
        }
        self.sample
            .clone()
            .unwrap_or_else(|| "untitled.js".to_owned())
    }

    /// Moves `path` to the top of the recent files.
    pub fn remember_file(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    /// Switches trigger, keeping each trigger's event.
    pub fn switch_trigger(&mut self, trigger: Trigger) {
        if trigger == self.trigger {
            return;
        }
        let old_text = std::mem::take(&mut self.event.text);
        self.other_events
            .insert(self.trigger.id().to_owned(), old_text);
        self.event = match self.other_events.remove(trigger.id()) {
            Some(text) => EventDoc::from_text(text, trigger.default_event()),
            None => EventDoc::from_value(trigger.default_event()),
        };
        self.trigger = trigger;
        if trigger.continue_handler().is_none() {
            self.handler = HandlerKind::Execute;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_work_and_preferences() {
        let mut s = PersistedState {
            code: "exports.x = 1;".to_owned(),
            live: true,
            theme: ThemeChoice::Light,
            ..Default::default()
        };
        s.event.text = "{ not json".to_owned();
        s.remember_file(PathBuf::from("/tmp/a.js"));
        let json = serde_json::to_string(&s).unwrap();
        let back: PersistedState = serde_json::from_str::<PersistedState>(&json)
            .unwrap()
            .restored();
        assert_eq!(back.code, s.code);
        assert!(back.live, "live kept");
        assert_eq!(back.theme, ThemeChoice::Light);
        assert_eq!(back.event.text, "{ not json", "invalid event text survives");
        assert!(!back.event.is_valid(), "and is reported invalid");
        assert_eq!(back.recent_files, vec![PathBuf::from("/tmp/a.js")]);
    }

    #[test]
    fn missing_fields_take_defaults() {
        let s: PersistedState = serde_json::from_str::<PersistedState>("{}")
            .unwrap()
            .restored();
        assert_eq!(s.trigger, Trigger::PostLogin);
        assert!(s.code.contains("onExecutePostLogin"), "enforce-MFA sample");
        assert!(s.event.is_valid(), "default event");
    }

    #[test]
    fn switching_triggers_keeps_each_event() {
        let mut s = PersistedState::default();
        s.event.text = "{\"mine\": true}".to_owned();
        s.event.text_changed();
        s.switch_trigger(Trigger::CredentialsExchange);
        assert!(
            s.event.value.get("mine").is_none(),
            "other trigger has its default event"
        );
        s.switch_trigger(Trigger::PostLogin);
        assert_eq!(
            s.event.value,
            serde_json::json!({"mine": true}),
            "event restored"
        );
    }
}
