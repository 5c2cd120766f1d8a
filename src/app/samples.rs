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
        Sample {
            file: $file,
            title: $title,
            trigger: $trigger,
            code: include_str!(concat!("../../samples/actions/", $file)),
        }
    };
}

/// Every bundled sample, in menu order. The first one is loaded on a fresh start.
pub const ALL: &[Sample] = &[
    sample!(
        "akamai-enforce-mfa.js",
        "Akamai: enforce MFA at user risk ≥ 90",
        Trigger::PostLogin
    ),
    sample!(
        "akamai-revoke-session.js",
        "Akamai: revoke the session at user risk ≥ 90",
        Trigger::PostLogin
    ),
    sample!(
        "akamai-cleanup-mfa-flag.js",
        "Akamai: clear the MFA flag after MFA",
        Trigger::PostLogin
    ),
    sample!(
        "deny-high-bot-score.js",
        "Deny a bot score ≥ 80",
        Trigger::PostLogin
    ),
    sample!(
        "step-up-bot-category.js",
        "Step up on risky bot categories",
        Trigger::PostLogin
    ),
    sample!(
        "custom-claims-from-signals.js",
        "Custom claims from the signals",
        Trigger::PostLogin
    ),
    sample!(
        "block-disposable-email.js",
        "Sign-up: block disposable email and bots",
        Trigger::PreUserRegistration
    ),
    sample!(
        "signup-risk-audit.js",
        "Post sign-up: risk audit with the cache",
        Trigger::PostUserRegistration
    ),
    sample!(
        "send-sms-via-provider.js",
        "Phone message: send through an SMS provider",
        Trigger::SendPhoneMessage
    ),
    sample!(
        "password-reset-step-up.js",
        "Password reset: step up on user risk",
        Trigger::PostChallenge
    ),
    sample!(
        "password-change-audit.js",
        "Password changed: audit",
        Trigger::PostChangePassword
    ),
    sample!(
        "m2m-ip-allowlist.js",
        "Machine to machine: IP allow-list",
        Trigger::CredentialsExchange
    ),
];

/// The sample event of a trigger (`samples/events/<trigger>.json`), bundled into the binary.
pub fn event(trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::PostLogin => include_str!("../../samples/events/post-login.json"),
        Trigger::PreUserRegistration => {
            include_str!("../../samples/events/pre-user-registration.json")
        }
        Trigger::PostUserRegistration => {
            include_str!("../../samples/events/post-user-registration.json")
        }
        Trigger::SendPhoneMessage => include_str!("../../samples/events/send-phone-message.json"),
        Trigger::PostChallenge => include_str!("../../samples/events/post-challenge.json"),
        Trigger::PostChangePassword => {
            include_str!("../../samples/events/post-change-password.json")
        }
        Trigger::CredentialsExchange => {
            include_str!("../../samples/events/credentials-exchange.json")
        }
    }
}

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
            assert!(
                s.code.contains(s.trigger.execute_handler()),
                "{} exports {}",
                s.file,
                s.trigger.execute_handler()
            );
            assert!(
                ALL[..i].iter().all(|o| o.file != s.file),
                "{} listed once",
                s.file
            );
        }
        assert_eq!(
            default_sample().file,
            "akamai-enforce-mfa.js",
            "startup sample"
        );
        let mut on_disk: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/actions"))
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
        on_disk.sort();
        let mut listed: Vec<String> = ALL.iter().map(|s| s.file.to_owned()).collect();
        listed.sort();
        assert_eq!(
            listed, on_disk,
            "every file in samples/actions is in the Samples menu"
        );
        for t in Trigger::ALL {
            assert!(
                crate::engine::event::parse(event(t)).is_ok(),
                "{t}: the sample event parses"
            );
        }
    }
}
