// Block disposable emails and obvious bots at signup
// Trigger: pre-user-registration
// Denies the signup, with a message for the user, when the email domain is a known disposable
// one or when akamaiBot.botScore >= 95 (0-94 pass). No email (e.g. SMS passwordless) skips the
// domain check; a missing bot signal skips the bot check (fails open). Nothing else is changed.

const DISPOSABLE_DOMAINS = ['mailinator.com', 'guerrillamail.com', 'yopmail.com', '10minutemail.com', 'tempmail.dev'];
const BOT_DENY_AT = 95; // inclusive: 94 passes, 95 is denied

exports.onExecutePreUserRegistration = async (event, api) => {
  const email = typeof event.user?.email === 'string' ? event.user.email : '';
  const domain = email.includes('@') ? email.split('@').pop().toLowerCase() : '';

  if (domain && DISPOSABLE_DOMAINS.includes(domain)) {
    api.access.deny(`disposable_email: ${domain}`, 'Please sign up with a permanent email address.');
    return;
  }

  const botScore = event.authentication?.riskAssessment?.supplemental?.akamai?.akamaiBot?.botScore;
  if (typeof botScore === 'number' && botScore >= BOT_DENY_AT) {
    console.log(`Signup from ${event.request?.ip} blocked: Akamai bot score ${botScore}`);
    api.access.deny(`bot_signup: Akamai bot score ${botScore}`, 'We could not complete your signup. Please try again later.');
  }
};
