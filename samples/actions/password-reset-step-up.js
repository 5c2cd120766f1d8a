// Step up or stop risky password resets
// Trigger: post-challenge
// Denies the reset when akamaiUserRisk.score >= 90. From 60 to 89 it asks for a second factor:
// otp if the user enrolled one, else email if the reset did not already use email; with neither,
// the reset continues and a warning is logged. Below 60, or with no user-risk score, nothing happens.

const DENY_AT = 90; // inclusive
const STEP_UP_AT = 60; // inclusive

exports.onExecutePostChallenge = async (event, api) => {
  const score = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiUserRisk?.score;
  if (typeof score !== 'number' || score < STEP_UP_AT) return;

  if (score >= DENY_AT) {
    console.log(`Password reset for ${event.user.user_id} stopped: Akamai user risk ${score}`);
    api.access.deny(`Password reset blocked: Akamai user risk score ${score} is ${DENY_AT} or above.`);
    return;
  }

  // A factor already satisfied in this transaction would be ignored, so skip email after an email link.
  const usedEmail = (event.authentication?.methods ?? []).some((m) => m?.name === 'email');
  const hasOtp = (event.user.enrolledFactors ?? []).some((f) => f?.type === 'otp');
  if (hasOtp) {
    console.log(`User risk ${score}: challenging with otp`);
    api.authentication.challengeWith({ type: 'otp' });
  } else if (!usedEmail && event.user.email_verified === true) {
    console.log(`User risk ${score}: challenging with email`);
    api.authentication.challengeWith({ type: 'email' });
  } else {
    console.warn(`User risk ${score} but no second factor available for ${event.user.user_id}; reset continues`);
  }
};
