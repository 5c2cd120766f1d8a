/**
 * Clear the per-session MFA flag once the user has completed MFA (Login / Post Login).
 *
 * Runs after akamai-enforce-mfa.js: when this login included an `mfa` authentication method,
 * the `mfa_required_<session id>` key is removed from app_metadata.
 */
exports.onExecutePostLogin = async (event, api) => {
  const completedMfa = event.authentication?.methods.find((method) => method.name === 'mfa');

  if (completedMfa) {
    console.log(`MFA completed: clearing the flag for session ${event.session?.id}`);
    api.user.setAppMetadata(`mfa_required_${event.session?.id}`, undefined);
  }
};
