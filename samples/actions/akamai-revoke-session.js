// Revoke the session on high Akamai user risk
// Trigger: post-login
// Revokes the Auth0 session (and so denies this login) when akamaiUserRisk.score >= 90.
// Scores 0-89 pass untouched. When the user-risk signal, its score, or the whole Akamai object
// is missing (or the score is not a number), the login is allowed: this policy fails open.
// session.revoke rather than access.deny, so the next login re-runs the flow with fresh signals.

const REVOKE_AT = 90; // inclusive: 89 passes, 90 is revoked

exports.onExecutePostLogin = async (event, api) => {
  const userRisk = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk;
  const score = userRisk?.score;

  if (typeof score !== 'number') {
    // Akamai only sends user risk when Account Protector scored the request.
    console.log('No Akamai user-risk score on this login; nothing to do.');
    return;
  }

  if (score >= REVOKE_AT) {
    console.log(`Akamai user risk ${score} >= ${REVOKE_AT}: revoking session ${event.session?.id}`);
    api.session.revoke(`Akamai user risk score ${score} is ${REVOKE_AT} or above.`);
  }
};
