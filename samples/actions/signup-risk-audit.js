// Audit new signups with Akamai risk and a per-IP counter
// Trigger: post-user-registration
// Logs one risk summary per signup (bot score, user risk, segment, signups from this IP in the last
// hour, kept in api.cache) and warns when bot score >= 80, user risk >= 90 or the IP reached 3
// signups. Asynchronous trigger: it cannot block the signup. Missing signals are logged as "n/a".

const WINDOW_MS = 60 * 60 * 1000;
const BOT_WARN_AT = 80;
const RISK_WARN_AT = 90;
const IP_WARN_AT = 3;

exports.onExecutePostUserRegistration = async (event, api) => {
  const akamai = event.authentication?.riskAssessment?.supplemental?.akamai;
  const bot = akamai?.akamaiBot?.botScore;
  const risk = akamai?.akamaiUserRisk?.score;
  const ip = event.request?.ip ?? 'unknown';

  // The cache is best effort across executions; the count is a hint, not an exact figure.
  const key = `signups:${ip}`;
  const previous = Number(api.cache.get(key)?.value ?? 0);
  const count = (Number.isFinite(previous) ? previous : 0) + 1;
  const saved = api.cache.set(key, String(count), { ttl: WINDOW_MS });
  if (saved.type !== 'success') console.warn(`Could not update the signup counter: ${saved.code}`);

  const summary = {
    user: event.user.user_id,
    ip,
    bot_score: typeof bot === 'number' ? bot : 'n/a',
    user_risk: typeof risk === 'number' ? risk : 'n/a',
    segment: akamai?.akamaiBot?.botScoreResponseSegment ?? 'n/a',
    signups_from_ip: count,
  };
  const risky = (typeof bot === 'number' && bot >= BOT_WARN_AT)
    || (typeof risk === 'number' && risk >= RISK_WARN_AT)
    || count >= IP_WARN_AT;
  (risky ? console.warn : console.log)(`signup risk ${risky ? 'HIGH' : 'ok'}: ${JSON.stringify(summary)}`);
};
