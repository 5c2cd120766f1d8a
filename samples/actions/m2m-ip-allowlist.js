// Machine-to-machine IP allow-list
// Trigger: credentials-exchange
// Denies the token request (invalid_request) unless event.request.ip matches the comma-separated
// secret ALLOWED_IPS (exact addresses or IPv4 CIDR ranges such as 203.0.113.0/24). A missing or
// empty ALLOWED_IPS denies everything (fail closed). Allowed tokens carry the client IP as a claim.

const NS = 'https://acme.example/';

function ipv4ToInt(ip) {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function matches(ip, entry) {
  if (!entry.includes('/')) return ip === entry;
  const [base, bitsText] = entry.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base);
  if (a === null || b === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits); // avoid 32-bit bitwise overflow
  return Math.floor(a / size) === Math.floor(b / size);
}

exports.onExecuteCredentialsExchange = async (event, api) => {
  const ip = event.request?.ip ?? '';
  const allowList = (event.secrets?.ALLOWED_IPS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

  if (allowList.length === 0) {
    api.access.deny('invalid_request', 'IP allow-list is not configured (secret ALLOWED_IPS).');
    return;
  }
  const hit = allowList.find((entry) => matches(ip, entry));
  if (!hit) {
    api.access.deny('invalid_request', `IP ${ip} is not allowed for client ${event.client?.name}.`);
    return;
  }
  api.accessToken.setCustomClaim(`${NS}client_ip`, ip);
};
