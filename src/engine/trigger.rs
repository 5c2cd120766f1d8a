//! The seven Auth0 Action triggers: ids, handler names, signal availability and `api` surface.
//!
//! This table is the single Rust-side description of each trigger. The JavaScript `api` object is
//! built by the prelude (`js/api.js`) from the same trigger id; a test checks that the methods it
//! exposes are exactly the ones listed here.

use serde::{Deserialize, Serialize};

use super::error::EngineError;

/// An Auth0 Actions trigger.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum Trigger {
    /// Login / Post Login (`post-login`).
    #[default]
    #[serde(rename = "post-login")]
    PostLogin,
    /// Pre User Registration (`pre-user-registration`).
    #[serde(rename = "pre-user-registration")]
    PreUserRegistration,
    /// Post User Registration (`post-user-registration`), asynchronous.
    #[serde(rename = "post-user-registration")]
    PostUserRegistration,
    /// Send Phone Message (`send-phone-message`).
    #[serde(rename = "send-phone-message")]
    SendPhoneMessage,
    /// Password Reset / Post Challenge (`post-challenge`, Auth0 id `password-reset-post-challenge`).
    #[serde(rename = "post-challenge", alias = "password-reset-post-challenge")]
    PostChallenge,
    /// Post Change Password (`post-change-password`), asynchronous.
    #[serde(rename = "post-change-password")]
    PostChangePassword,
    /// Machine to Machine / Credentials Exchange (`credentials-exchange`).
    #[serde(rename = "credentials-exchange")]
    CredentialsExchange,
}

const CACHE: [&str; 3] = ["cache.delete", "cache.get", "cache.set"];

const POST_LOGIN_METHODS: &[&str] = &[
    "access.deny",
    "accessToken.addScope",
    "accessToken.removeScope",
    "accessToken.setCustomClaim",
    "authentication.challengeWith",
    "authentication.challengeWithAny",
    "authentication.enrollWith",
    "authentication.enrollWithAny",
    "authentication.recordMethod",
    "authentication.setPrimaryUser",
    "cache.delete",
    "cache.get",
    "cache.set",
    "groups.getUserGroups",
    "groups.hasGroupMembership",
    "idToken.setCustomClaim",
    "multifactor.enable",
    "prompt.render",
    "redirect.canRedirect",
    "redirect.encodeToken",
    "redirect.sendUserTo",
    "redirect.validateToken",
    "refreshToken.deleteMetadata",
    "refreshToken.evictMetadata",
    "refreshToken.revoke",
    "refreshToken.setExpiresAt",
    "refreshToken.setIdleExpiresAt",
    "refreshToken.setMetadata",
    "roles.getUserEffectiveRoles",
    "roles.getUserEffectiveRolesByIds",
    "roles.getUserEffectiveRolesByNames",
    "rules.wasExecuted",
    "samlResponse.setAttribute",
    "samlResponse.setAudience",
    "samlResponse.setAuthnContextClassRef",
    "samlResponse.setCert",
    "samlResponse.setCreateUpnClaim",
    "samlResponse.setDestination",
    "samlResponse.setDigestAlgorithm",
    "samlResponse.setEncryptionAlgorithm",
    "samlResponse.setEncryptionCert",
    "samlResponse.setEncryptionPublicKey",
    "samlResponse.setIncludeAttributeNameFormat",
    "samlResponse.setIssuer",
    "samlResponse.setKey",
    "samlResponse.setLifetimeInSeconds",
    "samlResponse.setMapIdentities",
    "samlResponse.setMapUnknownClaimsAsIs",
    "samlResponse.setNameIdentifierFormat",
    "samlResponse.setNameIdentifierProbes",
    "samlResponse.setPassthroughClaimsWithNoMapping",
    "samlResponse.setRecipient",
    "samlResponse.setRelayState",
    "samlResponse.setSignResponse",
    "samlResponse.setSignatureAlgorithm",
    "samlResponse.setSigningCert",
    "samlResponse.setTypedAttributes",
    "session.deleteMetadata",
    "session.evictMetadata",
    "session.revoke",
    "session.setCookieMode",
    "session.setExpiresAt",
    "session.setIdleExpiresAt",
    "session.setMetadata",
    "transaction.addTargetScope",
    "transaction.clearTargetScopes",
    "transaction.removeTargetScope",
    "transaction.setMetadata",
    "transaction.setTargetScopes",
    "user.setAppMetadata",
    "user.setUserMetadata",
    "validation.error",
];

const PRE_USER_REGISTRATION_METHODS: &[&str] = &[
    "access.deny",
    "cache.delete",
    "cache.get",
    "cache.set",
    "user.setAppMetadata",
    "user.setUserId",
    "user.setUserMetadata",
    "validation.error",
];

const POST_CHALLENGE_METHODS: &[&str] = &[
    "access.deny",
    "authentication.challengeWith",
    "authentication.challengeWithAny",
    "cache.delete",
    "cache.get",
    "cache.set",
    "prompt.render",
    "redirect.encodeToken",
    "redirect.sendUserTo",
    "redirect.validateToken",
    "transaction.setResultUrl",
];

const CREDENTIALS_EXCHANGE_METHODS: &[&str] = &[
    "access.deny",
    "accessToken.setCustomClaim",
    "cache.delete",
    "cache.get",
    "cache.set",
    "transaction.addTargetScope",
    "transaction.clearTargetScopes",
    "transaction.removeTargetScope",
    "transaction.setTargetScopes",
];

impl Trigger {
    /// Every trigger, in the order the studio lists them.
    pub const ALL: [Self; 7] = [
        Self::PostLogin,
        Self::PreUserRegistration,
        Self::PostUserRegistration,
        Self::SendPhoneMessage,
        Self::PostChallenge,
        Self::PostChangePassword,
        Self::CredentialsExchange,
    ];

    /// The trigger id used on the command line, in reports and in scenario files.
    pub fn id(self) -> &'static str {
        match self {
            Self::PostLogin => "post-login",
            Self::PreUserRegistration => "pre-user-registration",
            Self::PostUserRegistration => "post-user-registration",
            Self::SendPhoneMessage => "send-phone-message",
            Self::PostChallenge => "post-challenge",
            Self::PostChangePassword => "post-change-password",
            Self::CredentialsExchange => "credentials-exchange",
        }
    }

    /// The name Auth0's Dashboard shows for the trigger.
    pub fn label(self) -> &'static str {
        match self {
            Self::PostLogin => "Login / Post Login",
            Self::PreUserRegistration => "Pre User Registration",
            Self::PostUserRegistration => "Post User Registration",
            Self::SendPhoneMessage => "Send Phone Message",
            Self::PostChallenge => "Password Reset / Post Challenge",
            Self::PostChangePassword => "Post Change Password",
            Self::CredentialsExchange => "Machine to Machine",
        }
    }

    /// Parses a trigger id; Auth0's `password-reset-post-challenge` is accepted as an alias.
    pub fn parse(text: &str) -> Result<Self, EngineError> {
        let wanted = text.trim().to_ascii_lowercase();
        if wanted == "password-reset-post-challenge" {
            return Ok(Self::PostChallenge);
        }
        Self::ALL
            .into_iter()
            .find(|t| t.id() == wanted)
            .ok_or_else(|| EngineError::UnknownTrigger(text.to_owned()))
    }

    /// The export Auth0 calls to execute the action (`onExecutePostLogin`, …).
    pub fn execute_handler(self) -> &'static str {
        match self {
            Self::PostLogin => "onExecutePostLogin",
            Self::PreUserRegistration => "onExecutePreUserRegistration",
            Self::PostUserRegistration => "onExecutePostUserRegistration",
            Self::SendPhoneMessage => "onExecuteSendPhoneMessage",
            Self::PostChallenge => "onExecutePostChallenge",
            Self::PostChangePassword => "onExecutePostChangePassword",
            Self::CredentialsExchange => "onExecuteCredentialsExchange",
        }
    }

    /// The export Auth0 calls when the flow resumes after a redirect or form, if the trigger has one.
    pub fn continue_handler(self) -> Option<&'static str> {
        match self {
            Self::PostLogin => Some("onContinuePostLogin"),
            Self::PostChallenge => Some("onContinuePostChallenge"),
            _ => None,
        }
    }

    /// Whether Auth0 puts Akamai supplemental signals on this trigger's event.
    pub fn has_akamai(self) -> bool {
        !matches!(self, Self::SendPhoneMessage | Self::CredentialsExchange)
    }

    /// Whether the trigger blocks the Auth0 pipeline (asynchronous triggers cannot change the outcome).
    pub fn is_blocking(self) -> bool {
        !matches!(self, Self::PostUserRegistration | Self::PostChangePassword)
    }

    /// Every `api` method this trigger exposes, as `namespace.method`, sorted.
    pub fn api_methods(self) -> &'static [&'static str] {
        match self {
            Self::PostLogin => POST_LOGIN_METHODS,
            Self::PreUserRegistration => PRE_USER_REGISTRATION_METHODS,
            Self::PostChallenge => POST_CHALLENGE_METHODS,
            Self::CredentialsExchange => CREDENTIALS_EXCHANGE_METHODS,
            Self::PostUserRegistration | Self::SendPhoneMessage | Self::PostChangePassword => {
                &CACHE
            }
        }
    }

    /// Whether this trigger exposes `namespace.method`.
    pub fn has_method(self, method: &str) -> bool {
        self.api_methods().contains(&method)
    }

    /// A one-line description of why the Akamai section is (un)available, for the UI and CLI.
    pub fn signals_note(self) -> &'static str {
        if self.has_akamai() {
            "Akamai bot and user-risk signals arrive at event.authentication.riskAssessment.supplemental.akamai"
        } else {
            "Auth0 sends no Akamai supplemental signals to this trigger"
        }
    }

    /// The trigger an action's source is written for, judged from the handlers it names
    /// (`onExecutePostChallenge` → post-challenge); `None` when it names none or several.
    pub fn detect(code: &str) -> Option<Self> {
        let names_handler = |name: &str| {
            code.match_indices(name).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + name.len()..].chars().next();
                let word = |c: Option<char>| {
                    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
                };
                !word(before) && !word(after)
            })
        };
        let mut found = Self::ALL.into_iter().filter(|t| {
            names_handler(t.execute_handler()) || t.continue_handler().is_some_and(names_handler)
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The default event for this trigger (every documented field, realistic values).
    pub fn default_event(self) -> serde_json::Value {
        let text = match self {
            Self::PostLogin => include_str!("default_events/post-login.json"),
            Self::PreUserRegistration => include_str!("default_events/pre-user-registration.json"),
            Self::PostUserRegistration => {
                include_str!("default_events/post-user-registration.json")
            }
            Self::SendPhoneMessage => include_str!("default_events/send-phone-message.json"),
            Self::PostChallenge => include_str!("default_events/post-challenge.json"),
            Self::PostChangePassword => include_str!("default_events/post-change-password.json"),
            Self::CredentialsExchange => include_str!("default_events/credentials-exchange.json"),
        };
        // The files are compiled in and checked by a unit test, so this cannot fail at run time.
        serde_json::from_str(text).unwrap_or_default()
    }
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl std::str::FromStr for Trigger {
    type Err = EngineError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_events_parse_and_signals_follow_the_table() {
        for t in Trigger::ALL {
            let event = t.default_event();
            assert!(event.is_object(), "{t} default event is an object");
            let akamai = event.pointer("/authentication/riskAssessment/supplemental/akamai");
            assert_eq!(akamai.is_some(), t.has_akamai(), "{t} akamai presence");
        }
    }

    #[test]
    fn parse_accepts_alias_and_rejects_unknown() {
        assert_eq!(
            Trigger::parse("password-reset-post-challenge").ok(),
            Some(Trigger::PostChallenge)
        );
        assert_eq!(Trigger::parse("POST-LOGIN").ok(), Some(Trigger::PostLogin));
        assert!(Trigger::parse("post-logout").is_err(), "unknown trigger");
    }

    #[test]
    fn detect_reads_the_handler_names() {
        assert_eq!(
            Trigger::detect("exports.onExecutePostChallenge = async () => {};"),
            Some(Trigger::PostChallenge)
        );
        assert_eq!(
            Trigger::detect("module.exports = { onContinuePostLogin: async () => {} };"),
            Some(Trigger::PostLogin)
        );
        assert_eq!(Trigger::detect("exports.onExecutePostLoginX = 1;"), None);
        assert_eq!(
            Trigger::detect(
                "exports.onExecutePostLogin = 1; exports.onExecuteSendPhoneMessage = 2;"
            ),
            None
        );
    }

    #[test]
    fn method_lists_are_sorted() {
        for t in Trigger::ALL {
            let m = t.api_methods();
            assert!(
                m.windows(2).all(|w| w[0] < w[1]),
                "{t} methods sorted and unique"
            );
        }
    }
}
