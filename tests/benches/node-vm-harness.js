// Reference point for README's benchmark: a Node.js `vm` harness that runs one Auth0 action per
// decision-map cell, each cell in a fresh vm context (the isolation the studio gives every run),
// with a recording `api`. Usage:
//   node tests/benches/node-vm-harness.js samples/actions/akamai-enforce-mfa.js EVENT.json
// (EVENT.json: `action-studio event -t post-login > EVENT.json`). Prints cells, ms and cells/s.
'use strict';
const fs = require('fs');
const vm = require('vm');

const [actionPath, eventPath] = process.argv.slice(2);
const source = fs.readFileSync(actionPath, 'utf8');
const baseEvent = JSON.parse(fs.readFileSync(eventPath, 'utf8'));
const script = new vm.Script(`(function (exports, require, module) { ${source}\n})`, { filename: actionPath });

function makeApi(calls) {
  const rec = (name) => (...args) => { calls.push({ api: name, args: JSON.parse(JSON.stringify(args, (k, v) => (v === undefined ? null : v))) }); return api; };
  const api = {
    access: { deny: rec('access.deny') },
    session: { revoke: rec('session.revoke') },
    multifactor: { enable: rec('multifactor.enable') },
    user: { setAppMetadata: rec('user.setAppMetadata'), setUserMetadata: rec('user.setUserMetadata') },
    idToken: { setCustomClaim: rec('idToken.setCustomClaim') },
    accessToken: { setCustomClaim: rec('accessToken.setCustomClaim') },
  };
  return api;
}

async function runCell(bot, risk) {
  const event = JSON.parse(JSON.stringify(baseEvent));
  const akamai = event.authentication.riskAssessment.supplemental.akamai;
  akamai.akamaiBot.botScore = bot;
  akamai.akamaiUserRisk.score = risk;
  const logs = [];
  const context = vm.createContext({ console: { log: (...a) => logs.push(a.join(' ')) } });
  const module = { exports: {} };
  script.runInContext(context)(module.exports, require, module);
  const calls = [];
  await module.exports.onExecutePostLogin(event, makeApi(calls));
  return calls.length;
}

(async () => {
  const started = process.hrtime.bigint();
  let cells = 0;
  for (let risk = 0; risk <= 100; risk++) {
    for (let bot = 0; bot <= 100; bot++) {
      await runCell(bot, risk);
      cells++;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${cells} cells in ${ms.toFixed(0)} ms: ${(cells / (ms / 1000)).toFixed(0)} cells/s (${((ms * 1000) / cells).toFixed(0)} µs per cell)`);
})();
