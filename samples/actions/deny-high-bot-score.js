// Deny logins with a high Akamai bot score
// Trigger: post-login
// Denies the login when akamaiBot.botScore >= 80 (0-79 pass). A missing bot signal (no Akamai
// object, no akamaiBot, or a non-numeric botScore) is a decision, not an accident: it is allowed
// with a warning, unless the secret AKAMAI_FAIL_CLOSED is "true", then the login is denied too.

const DENY_AT = 80; // inclusive: 79 passes, 80 is denied

exports.onExecutePostLogin = async (event, api) => {
  const bot = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiBot;
  const score = bot?.botScore;

  if (typeof score !== 'number') {
    if (event.secrets?.AKAMAI_FAIL_CLOSED === 'true') {
      api.access.deny('No Akamai bot score for this login (fail-closed policy).');
    } else {
      console.warn('No Akamai bot score for this login; allowing it (fail-open policy).');
    }
    return;
  }

  if (score >= DENY_AT) {
    const category = (bot.botCategory ?? []).join(', ') || 'uncategorized';
    console.log(`Bot score ${score} (${category}) >= ${DENY_AT}: denying`);
    api.access.deny(`Automated traffic suspected (Akamai bot score ${score}).`);
  }
};
