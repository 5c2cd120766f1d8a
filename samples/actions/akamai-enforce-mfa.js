// Require MFA on high Akamai user risk, remembered per session
// Trigger: post-login
// When akamaiUserRisk.score >= 90, marks app_metadata.mfa_required_<session id> = true and requires
// MFA (multifactor.enable 'any', no remember-browser). Later logins in the same session keep
// requiring MFA while that mark exists (see akamai-cleanup-mfa-flag.js). A missing user-risk signal
// or score never sets the mark (fails open); with no session id MFA is still required, but unmarked.

const MFA_AT = 90; // inclusive: 89 passes, 90 requires MFA

exports.onExecutePostLogin = async (event, api) => {
  const score = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk?.score;
  const sessionId = event.session?.id;
  const markKey = sessionId ? `mfa_required_${sessionId}` : null;
  const marked = markKey !== null && event.user.app_metadata?.[markKey] === true;
  const highRisk = typeof score === 'number' && score >= MFA_AT;

  if (highRisk && markKey !== null && !marked) {
    console.log(`Akamai user risk ${score} >= ${MFA_AT}: marking session ${sessionId} for MFA`);
    api.user.setAppMetadata(markKey, true);
  }

  if (highRisk || marked) {
    console.log(`MFA required (${highRisk ? `user risk ${score}` : 'session already marked'})`);
    api.multifactor.enable('any', { allowRememberBrowser: false });
  }
};
