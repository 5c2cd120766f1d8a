// Clear the per-session MFA mark once MFA is done
// Trigger: post-login
// When event.authentication.methods contains an 'mfa' entry and app_metadata still holds
// mfa_required_<session id> (set by akamai-enforce-mfa.js), removes that key with
// setAppMetadata(key, undefined), as Auth0's example does. No mfa method, no session, or no mark:
// nothing happens. Akamai scores are not read here.

exports.onExecutePostLogin = async (event, api) => {
  const methods = event.authentication?.methods ?? [];
  const didMfa = methods.some((m) => m?.name === 'mfa');
  const sessionId = event.session?.id;
  if (!didMfa || !sessionId) return;

  const markKey = `mfa_required_${sessionId}`;
  if (event.user.app_metadata?.[markKey] === undefined) return;

  console.log(`MFA completed in session ${sessionId}: clearing ${markKey}`);
  // Auth0 documents null for removing a key; its Akamai example uses undefined, kept here.
  api.user.setAppMetadata(markKey, undefined);
};
