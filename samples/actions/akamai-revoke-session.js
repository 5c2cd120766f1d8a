/**
 * Revoke the session when Akamai Account Protector reports a high user risk (Login / Post Login).
 *
 * session.revoke (rather than access.deny) also ends the user's existing session, so the next
 * attempt starts from scratch and is evaluated with fresh signals.
 */
exports.onExecutePostLogin = async (event, api) => {
  const userRisk = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk;

  if (userRisk?.score && userRisk.score >= 90) {
    console.log(`Akamai user risk ${userRisk.score}: revoking the session`);
    api.session.revoke('Session revoked: Akamai user risk score is 90 or above.');
  }
};
