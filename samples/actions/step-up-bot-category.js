// Step up on suspicious Akamai bot categories
// Trigger: post-login
// Requires a second factor when akamaiBot.botCategory names an account-abuse category
// (credential stuffing, account takeover) or botScoreResponseSegment is "strict" or "aggressive".
// Users with enrolled factors get a challenge; others must enroll (multifactor.enable). The score
// itself is not read; a missing bot signal, category list or segment never triggers a step-up.

const SUSPICIOUS_CATEGORIES = ['credential stuffing bots', 'account takeover bots'];
const STEP_UP_SEGMENTS = ['strict', 'aggressive'];
const CHALLENGE_TYPES = ['otp', 'phone', 'push-notification', 'webauthn-platform', 'webauthn-roaming'];

exports.onExecutePostLogin = async (event, api) => {
  const bot = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiBot;
  const categories = Array.isArray(bot?.botCategory) ? bot.botCategory : [];
  const segment = typeof bot?.botScoreResponseSegment === 'string' ? bot.botScoreResponseSegment.toLowerCase() : '';

  const badCategory = categories.find((c) => SUSPICIOUS_CATEGORIES.includes(String(c).toLowerCase()));
  const badSegment = STEP_UP_SEGMENTS.includes(segment);
  if (!badCategory && !badSegment) return;

  const why = badCategory ? `category "${badCategory}"` : `segment "${segment}"`;
  const enrolled = (event.user.enrolledFactors ?? [])
    .map((f) => f?.type)
    .filter((type) => CHALLENGE_TYPES.includes(type));

  if (enrolled.length > 0) {
    console.log(`Akamai bot ${why}: challenging with ${enrolled.join(', ')}`);
    api.authentication.challengeWithAny([...new Set(enrolled)].map((type) => ({ type })));
  } else {
    console.log(`Akamai bot ${why}: no enrolled factor, requiring MFA enrollment`);
    api.multifactor.enable('any', { allowRememberBrowser: false });
  }
};
