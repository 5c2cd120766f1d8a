// Audit password changes and flag rapid repeats
// Trigger: post-change-password
// Logs each password change with the Akamai scores, and warns when the same user changed their
// password again within 24 hours (a timestamp kept in api.cache) or user risk is >= 90.
// Asynchronous trigger: it cannot undo the change. Missing signals are logged as "n/a".

const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;
const RISK_WARN_AT = 90;

exports.onExecutePostChangePassword = async (event, api) => {
  const akamai = event.authentication?.riskAssessment?.supplemental?.akamai;
  const bot = akamai?.akamaiBot?.botScore;
  const risk = akamai?.akamaiUserRisk?.score;
  const who = event.user?.user_id ?? event.user?.email ?? 'unknown user';

  const key = `pwchange:${who}`;
  const last = api.cache.get(key);
  const saved = api.cache.set(key, String(Date.now()), { ttl: REPEAT_WINDOW_MS });
  if (saved.type !== 'success') console.warn(`Could not remember this change: ${saved.code}`);

  const fmt = (v) => (typeof v === 'number' ? String(v) : 'n/a');
  console.log(`password changed for ${who} from ${event.request?.ip}: bot ${fmt(bot)}, user risk ${fmt(risk)}`);
  if (last) {
    const minutes = Math.round((Date.now() - Number(last.value)) / 60000);
    console.warn(`${who} changed their password again after ${minutes} min`);
  }
  if (typeof risk === 'number' && risk >= RISK_WARN_AT) {
    console.warn(`High Akamai user risk (${risk}) on a password change for ${who}`);
  }
};
