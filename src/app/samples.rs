//! The built-in sample actions, compiled into the binary so the studio works from any directory.
//!
//! Adding a sample is one line in [`ALL`]: the file name under `samples/actions/`, a menu title
//! and the trigger it is written for.

use crate::engine::Trigger;

/// One bundled sample action.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// File name under `samples/actions/` (also the sample's id).
    pub file: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// The trigger the action is written for.
    pub trigger: Trigger,
    /// The JavaScript source.
    pub code: &'static str,
}

macro_rules! sample {
    ($file:literal, $title:literal, $trigger:expr) => {
        Sample { file: $file, title: $title, trigger: $trigger, code: include_str!(concat!("../../samples/actions/", $file)) }
    };
}

/// Every bundled sample, in menu order. The first one is loaded on a fresh start.
pub const ALL: &[Sample] = &[
    sample!("akamai-enforce-mfa.js", "Akamai: enforce MFA at user risk ≥ 90", Trigger::PostLogin),
    sample!("akamai-revoke-session.js", "Akamai: revoke the session at user risk ≥ 90", Trigger::PostLogin),
    sample!("akamai-cleanup-mfa-flag.js", "Akamai: clear the MFA flag after MFA", Trigger::PostLogin),
];

/// The sample a fresh studio starts with (enforce MFA).
pub fn default_sample() -> &'static Sample {
    &ALL[0]
}

/// The sample with this file name.
pub fn find(file: &str) -> Option<&'static Sample> {
    ALL.iter().find(|s| s.file == file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_unique_and_export_their_handler() {
        for (i, s) in ALL.iter().enumerate() {
            assert!(s.code.contains(s.trigger.execute_handler()), "{} exports {}", s.file, s.trigger.execute_handler());
            assert!(ALL[..i].iter().all(|o| o.file != s.file), "{} listed once", s.file);
        }
        assert_eq!(default_sample().file, "akamai-enforce-mfa.js", "startup sample");
    }
}
