/**
 * Enforce MFA when Akamai Account Protector reports a high user risk (Login / Post Login).
 *
 * A risky login (akamaiUserRisk.score of 90 or more) must complete MFA, and the requirement is
 * remembered for the rest of the session in app_metadata, so a later login in the same session
 * with a lower score still asks for MFA. Pair it with akamai-cleanup-mfa-flag.js.
 */
exports.onExecutePostLogin = async (event, api) => {
  const userRisk = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk;
  const sessionFlag = `mfa_required_${event.session?.id}`;
  const isHighRisk = Boolean(userRisk?.score) && userRisk.score >= 90;

  if (isHighRisk) {
    console.log(`High Akamai user risk (${userRisk.score}): flagging session ${event.session?.id}`);
    api.user.setAppMetadata(sessionFlag, true);
  }

  if (isHighRisk || event.user.app_metadata[sessionFlag]) {
    console.log(`Requiring MFA for session ${event.session?.id}`);
    api.multifactor.enable('any', { allowRememberBrowser: false });
  }
};
