// Custom claims and scopes from Akamai signals
// Trigger: post-login
// Puts the bot score, user-risk score and segment in a namespaced ID-token claim and a risk level
// (low < 40 <= medium < 70 <= high) in an access-token claim. At high user risk it removes the
// write:payments scope. Missing signals give null scores and risk level "unknown" (scopes kept).

const NS = 'https://acme.example/';
const API_AUDIENCE = 'https://api.example.com/';

function riskLevel(score) {
  if (typeof score !== 'number') return 'unknown';
  if (score >= 70) return 'high';
  if (score >= 40) return 'medium';
  return 'low';
}

exports.onExecutePostLogin = async (event, api) => {
  const akamai = event.authentication?.riskAssessment?.supplemental?.akamai;
  const botScore = typeof akamai?.akamaiBot?.botScore === 'number' ? akamai.akamaiBot.botScore : null;
  const userRisk = typeof akamai?.akamaiUserRisk?.score === 'number' ? akamai.akamaiUserRisk.score : null;
  const level = riskLevel(userRisk);

  api.idToken.setCustomClaim(`${NS}akamai`, {
    bot_score: botScore,
    user_risk: userRisk,
    segment: akamai?.akamaiBot?.botScoreResponseSegment ?? null,
  });

  // Access-token claims and scopes only for our own API, never for Auth0's.
  if (event.resource_server?.identifier !== API_AUDIENCE) return;
  api.accessToken.setCustomClaim(`${NS}risk_level`, level);
  if (level === 'high') {
    console.log(`User risk ${userRisk}: removing write:payments`);
    api.accessToken.removeScope('write:payments');
  }
};
