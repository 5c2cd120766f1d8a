// Action Studio runtime prelude: the Node-like globals Auth0 Actions use, the CommonJS loader and
// the bridge the Rust engine drives. Evaluated once per sandbox (src/engine/sandbox.rs), whose heap
// is then snapshotted and restored before every run; `studio.begin` sets the run's own settings.
(function (host, config) {
  'use strict';
  const G = globalThis;
  const RealDate = Date;
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const ObjectKeys = Object.keys;
  const ArrayIsArray = Array.isArray;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const getOwnPropertyNames = Object.getOwnPropertyNames;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ReflectApply = Reflect.apply;
  let FILE = 'action.js'; // Set per run by studio.begin.
  const WRAP_PREFIX_LEN = config.wrapPrefixLen;

  // ---- Clock and randomness (injectable so that runs are reproducible) -------------------------
  let virtualOffset = 0; // Milliseconds that timers have skipped ahead.
  let clockBase = 0; // Set per run by studio.begin, with liveClock.
  let liveClock = false;
  function now() {
    return clockBase + virtualOffset + (liveClock ? host.elapsed() : 0);
  }
  function StudioDate(...args) {
    if (!new.target) {
      return new RealDate(now()).toString();
    }
    if (args.length === 0) {
      return Reflect.construct(RealDate, [now()], new.target);
    }
    return Reflect.construct(RealDate, args, new.target);
  }
  StudioDate.prototype = RealDate.prototype;
  defineProperty(RealDate.prototype, 'constructor', { value: StudioDate, writable: true, configurable: true });
  StudioDate.now = function now_() { return Math.floor(now()); };
  StudioDate.parse = RealDate.parse;
  StudioDate.UTC = RealDate.UTC;
  G.Date = StudioDate;

  // xoshiro128** seeded from the run's seed: Math.random, crypto.randomUUID and randomBytes.
  const rngState = new Uint32Array(4);
  function seedRandom(seed) {
    let s = (seed >>> 0) ^ 0x9e3779b9;
    for (let i = 0; i < 4; i++) {
      s = (s + 0x6d2b79f5) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      rngState[i] = (z ^ (z >>> 14)) >>> 0;
    }
  }
  function nextU32() {
    const s = rngState;
    const result = Math.imul(((Math.imul(s[1], 5) << 7) | (Math.imul(s[1], 5) >>> 25)), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result;
  }
  Math.random = function random() { return nextU32() / 4294967296; };
  function randomBytes(n) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = nextU32() & 0xff;
    return out;
  }
  function randomUUID() {
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => (x < 16 ? '0' : '') + x.toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---- Safe conversion of arbitrary values to JSON (for recorded api arguments) ---------------
  const MAX_DEPTH = 64;
  function toPlain(value, seen, depth) {
    switch (typeof value) {
      case 'undefined': return undefined;
      case 'number': return Number.isFinite(value) ? value : null;
      case 'string': case 'boolean': return value;
      case 'bigint': return value.toString();
      case 'symbol': return value.toString();
      case 'function': return `[Function: ${value.name || 'anonymous'}]`;
      default: break;
    }
    if (value === null) return null;
    if (seen.includes(value)) return '[Circular]';
    if (depth > MAX_DEPTH) return '[Too deep]';
    if (value instanceof RealDate) {
      return Number.isFinite(value.getTime()) ? value.toISOString() : null;
    }
    seen.push(value);
    try {
      if (ArrayIsArray(value)) {
        const out = [];
        for (let i = 0; i < value.length; i++) {
          const v = readProp(value, i, seen, depth);
          out.push(v === undefined ? null : v);
        }
        return out;
      }
      if (typeof value.toJSON === 'function') {
        try {
          return toPlain(value.toJSON(), seen, depth + 1);
        } catch (e) {
          return `[toJSON threw: ${errorText(e)}]`;
        }
      }
      const out = {};
      for (const k of ObjectKeys(value)) {
        const v = readProp(value, k, seen, depth);
        if (v !== undefined) out[k] = v;
      }
      return out;
    } finally {
      seen.pop();
    }
  }
  function readProp(obj, key, seen, depth) {
    let v;
    try {
      v = obj[key];
    } catch (e) {
      return `[Getter threw: ${errorText(e)}]`;
    }
    return toPlain(v, seen, depth + 1);
  }
  function errorText(e) {
    try {
      if (e instanceof Error) return `${e.name}: ${e.message}`;
      return String(e);
    } catch (_) {
      return 'unprintable value';
    }
  }

  // ---- The studio's other libraries (js/extras.js, js/node.js, js/api_more.js) ---------------------
  // Loaded before the sandbox's snapshot (studio.preload), so every run finds them ready.
  const libs = Object.create(null);
  function lib(name) {
    return libs[name] || (libs[name] = host.lib(name));
  }
  let extrasLib = null;
  const extras = () => {
    if (extrasLib === null) {
      extrasLib = lib('extras')(host, { G, jsonStringify, jsonParse, ObjectKeys, ArrayIsArray, getPrototypeOf, RealDate, errorText, addTimer, timers });
    }
    return extrasLib;
  };
  const inspect = (value, opts) => extras().inspect(value, opts);
  // Plain strings without format specifiers are joined here; anything else goes to util.format.
  function format(...args) {
    if (args.every((a) => typeof a === 'string') && (args.length === 0 || !args[0].includes('%'))) return args.join(' ');
    return extras().format(...args);
  }

  // ---- console -----------------------------------------------------------------------------------
  function makeConsole() {
    const counts = new Map();
    const timersByLabel = new Map();
    const emit = (level) => function log(...args) {
      let text;
      try { text = format(...args); } catch (e) { text = `[unprintable: ${errorText(e)}]`; }
      host.log(level, text);
    };
    const c = {
      log: emit('log'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      debug: emit('debug'),
      trace: emit('trace'),
      dir: (v) => host.log('log', inspect(v)),
      table: emit('log'),
      assert: (cond, ...args) => { if (!cond) host.log('error', `Assertion failed${args.length ? ': ' + format(...args) : ''}`); },
      count: (label = 'default') => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); host.log('info', `${label}: ${n}`); },
      countReset: (label = 'default') => { counts.delete(label); },
      time: (label = 'default') => { timersByLabel.set(label, now()); },
      timeEnd: (label = 'default') => { const t = timersByLabel.get(label); timersByLabel.delete(label); host.log('info', `${label}: ${t === undefined ? 0 : now() - t}ms`); },
      timeLog: (label = 'default') => { const t = timersByLabel.get(label); host.log('info', `${label}: ${t === undefined ? 0 : now() - t}ms`); },
      group: emit('log'),
      groupEnd: () => {},
    };
    return c;
  }
  G.console = makeConsole();

  // ---- Timers (virtual time: the engine fires them in order and moves the clock forward) -------
  const timers = new Map();
  let timerSeq = 0;
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function.');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    let delay = Number(ms);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    const id = ++timerSeq;
    timers.set(id, { id, fn, args, due: virtualOffset + delay, delay, repeat, seq: id });
    return id;
  }
  function Timeout(id) { this._id = id; }
  Timeout.prototype.ref = function ref() { return this; };
  Timeout.prototype.unref = function unref() { return this; };
  Timeout.prototype.hasRef = function hasRef() { return true; };
  Timeout.prototype.refresh = function refresh() { const t = timers.get(this._id); if (t) t.due = virtualOffset + t.delay; return this; };
  Timeout.prototype[Symbol.toPrimitive] = function toPrimitive() { return this._id; };
  const timerId = (t) => (t instanceof Timeout ? t._id : Number(t));
  G.setTimeout = function setTimeout(fn, ms, ...args) { return new Timeout(addTimer(fn, ms, args, false)); };
  G.setInterval = function setInterval(fn, ms, ...args) { return new Timeout(addTimer(fn, ms, args, true)); };
  G.setImmediate = function setImmediate(fn, ...args) { return new Timeout(addTimer(fn, 0, args, false)); };
  G.clearTimeout = function clearTimeout(t) { if (t != null) timers.delete(timerId(t)); };
  G.clearInterval = G.clearTimeout;
  G.clearImmediate = G.clearTimeout;
  if (typeof G.queueMicrotask !== 'function') {
    G.queueMicrotask = function queueMicrotask(fn) { Promise.resolve().then(fn); };
  }

  // ---- Node compatibility (Buffer, URL, TextEncoder, crypto, util, …) and fetch --------------------
  let nodeLib = null;
  const node = () => {
    if (nodeLib === null) nodeLib = lib('node')(host, { inspect, format, randomBytes, randomUUID, toPlain });
    return nodeLib;
  };
  // Installed by studio.preload, once the libraries are loaded: data properties, as in Node.
  function installLibraryGlobals() {
    const define = (name, value) => defineProperty(G, name, { value, writable: true, configurable: true, enumerable: false });
    for (const name of ['Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'crypto']) {
      define(name, node()[name]);
    }
    for (const name of ['fetch', 'Headers', 'AbortSignal', 'AbortController']) {
      define(name, extras()[name]);
    }
    if (typeof G.structuredClone !== 'function') define('structuredClone', node().structuredClone);
  }
  const env = Object.create(null);
  const argv = ['node', FILE]; // argv[1] is set per run by studio.begin.
  G.process = {
    env,
    argv,
    version: 'v22.12.0',
    versions: { node: '22.12.0' },
    platform: 'linux',
    arch: 'x64',
    pid: 1,
    cwd: () => '/',
    exit: (code) => { throw new Error(`process.exit(${code === undefined ? '' : code}) is not allowed in an Action`); },
    hrtime: Object.assign((prev) => { const t = now() * 1e6; const s = Math.floor(t / 1e9); const ns = Math.floor(t % 1e9); return prev ? [s - prev[0], ns - prev[1]] : [s, ns]; }, { bigint: () => BigInt(Math.floor(now() * 1e6)) }),
    nextTick: (fn, ...args) => { Promise.resolve().then(() => fn(...args)); },
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0 }),
    on: () => G.process,
    emitWarning: (w) => host.log('warn', String(w)),
  };
  G.global = G;
  const performance = { // timeOrigin is set per run by studio.begin.
    now: function performanceNow() { return virtualOffset + (liveClock ? host.elapsed() : 0); },
    timeOrigin: clockBase,
    mark: () => undefined,
    measure: () => undefined,
  };
  defineProperty(G, 'performance', {
    value: performance,
    writable: true,
    configurable: true,
    enumerable: false,
  });

  // ---- require -------------------------------------------------------------------------------------
  const BUILTINS = {
    crypto: () => node().cryptoModule,
    buffer: () => ({ Buffer: node().Buffer }),
    url: () => ({ URL: node().URL, URLSearchParams: node().URLSearchParams }),
    util: () => node().util,
    querystring: () => node().querystring,
    timers: () => ({ setTimeout: G.setTimeout, clearTimeout: G.clearTimeout, setInterval: G.setInterval, clearInterval: G.clearInterval, setImmediate: G.setImmediate, clearImmediate: G.clearImmediate }),
    'timers/promises': () => ({ setTimeout: (ms, v) => new Promise((r) => G.setTimeout(() => r(v), ms)) }),
    events: () => node().events,
  };
  const requireCache = new Map();
  function require(name) {
    if (typeof name !== 'string') throw new TypeError('The "id" argument must be of type string.');
    const key = name.startsWith('node:') ? name.slice(5) : name;
    if (requireCache.has(key)) return requireCache.get(key);
    const make = Object.prototype.hasOwnProperty.call(BUILTINS, key) ? BUILTINS[key] : null;
    if (!make) {
      const e = new Error(`Cannot find module '${name}': Action Studio runs actions offline and provides only these modules: ${ObjectKeys(BUILTINS).join(', ')}. npm packages are not available; move the logic into the action or guard the require.`);
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
    const m = make();
    requireCache.set(key, m);
    return m;
  }
  G.require = require;

  const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

  // ---- The bridge the engine drives ------------------------------------------------------------------
  function callerPosition() {
    const stack = new Error().stack || '';
    const needle = `${FILE}:`;
    for (const line of stack.split('\n')) {
      const at = line.lastIndexOf(needle);
      if (at < 0) continue;
      const m = /^(\d+):(\d+)/.exec(line.slice(at + needle.length));
      if (m) {
        const ln = Number(m[1]);
        const col = Number(m[2]);
        return [ln, ln === 1 ? Math.max(1, col - WRAP_PREFIX_LEN) : col];
      }
    }
    return [0, 0];
  }
  function literal(v, depth, seen) {
    if (v === undefined) return 'undefined';
    if (typeof v === 'string') return jsonStringify(v);
    if (typeof v === 'function') return `[Function: ${v.name || 'anonymous'}]`;
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return v.toString();
    if (typeof v !== 'object' || v === null) return String(v);
    const stack = seen || [];
    if (stack.includes(v)) return '[Circular]';
    if (depth > 4) return ArrayIsArray(v) ? '[…]' : '{…}';
    stack.push(v);
    try {
      if (ArrayIsArray(v)) return `[${Array.from(v, (x) => literal(x, depth + 1, stack)).join(', ')}]`;
      const parts = [];
      for (const k of ObjectKeys(v)) {
        let x;
        try { x = v[k]; } catch (e) { x = '[getter threw]'; }
        parts.push(`${IDENT.test(k) ? k : jsonStringify(k)}: ${literal(x, depth + 1, stack)}`);
      }
      return parts.length ? `{ ${parts.join(', ')} }` : '{}';
    } finally {
      stack.pop();
    }
  }
  // Records one api call. `threw` is the validator's error message when the call was rejected.
  function record(api, args, threw) {
    const [line, column] = callerPosition();
    const undef = [];
    const plainArgs = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === undefined) undef.push(i);
      const p = toPlain(args[i], [], 0);
      plainArgs.push(p === undefined ? null : p);
    }
    let display;
    try {
      display = `api.${api}(${Array.from(args, (a) => literal(a, 0)).join(', ')})`;
    } catch (e) {
      display = `api.${api}(…)`;
    }
    let argsJson;
    try {
      argsJson = jsonStringify(plainArgs);
    } catch (e) {
      argsJson = '[]';
    }
    host.rec(api, argsJson, display, line, column, jsonStringify(undef), threw === undefined ? null : String(threw));
  }
  // Wraps an api method: the call is recorded (with its validation error, if any) and the
  // validator's exception is rethrown to the action as Auth0 would.
  function method(api, impl) {
    const fn = function (...args) {
      let result;
      try {
        result = ReflectApply(impl, this, args);
      } catch (e) {
        record(api, args, errorText(e));
        throw e;
      }
      record(api, args);
      return result;
    };
    defineProperty(fn, 'name', { value: api.slice(api.lastIndexOf('.') + 1) });
    return fn;
  }

  const studio = {
    record,
    method,
    toPlain,
    inspect,
    config,
    note: (kind, text) => host.note(kind, text),
    lib,
    // Instantiates the libraries up front (the sandbox calls this once, before its snapshot).
    preload() {
      installLibraryGlobals();
      lib('api_more');
    },
    randomBytes,
    now,
    cache: (op, key, value, opts) => jsonParse(host.cache(op, key, value === undefined ? null : value, opts === undefined || opts === null ? null : jsonStringify(toPlain(opts, [], 0)), now())),
    hmacSha256: (keyBin, dataBin) => host.hash('sha256', dataBin, keyBin),
    b64url: (bin) => host.b64enc(bin, true),
    b64urlDecode: (s) => host.b64dec(s),
    utf8: (s) => host.utf8enc(s),
    fromUtf8: (b) => host.utf8dec(b),
    urlParse: (input, base) => host.url(String(input), base === undefined ? null : String(base)),
    // Fires the earliest timer; returns the new virtual clock offset, or -1 when none is pending.
    fireNextTimer() {
      let next = null;
      for (const t of timers.values()) {
        if (next === null || t.due < next.due || (t.due === next.due && t.seq < next.seq)) next = t;
      }
      if (next === null) return -1;
      if (next.due > virtualOffset) virtualOffset = next.due;
      if (next.repeat) {
        next.due = virtualOffset + next.delay;
        next.seq = ++timerSeq;
      } else {
        timers.delete(next.id);
      }
      ReflectApply(next.fn, G, next.args);
      return virtualOffset;
    },
    pendingTimers: () => Array.from(timers.values()).filter((t) => !t.internal).length,
    virtualOffset: () => virtualOffset,
  };

  // ---- Which Akamai signals the action observed (decision maps reuse results with it) -----------
  // The signal objects are wrapped in proxies that note any look at the scores or at whether a
  // signal is present; a run that never looked at a score gives the same result for every value of
  // it (runs are deterministic), so the sweep need not run it again.
  const signalReads = { akamai: false, bot: false, botScore: false, risk: false, riskScore: false };
  function watch(target, keys) {
    const note = (k) => { if (Object.prototype.hasOwnProperty.call(keys, k)) signalReads[keys[k]] = true; };
    return new Proxy(target, {
      get(t, k, r) { note(k); return Reflect.get(t, k, r); },
      has(t, k) { note(k); return Reflect.has(t, k); },
      getOwnPropertyDescriptor(t, k) { note(k); return Reflect.getOwnPropertyDescriptor(t, k); },
      ownKeys(t) { for (const k of ObjectKeys(keys)) note(k); return Reflect.ownKeys(t); },
    });
  }
  function trackSignalReads(event) {
    const supplemental = event && event.authentication && event.authentication.riskAssessment && event.authentication.riskAssessment.supplemental;
    if (!supplemental || typeof supplemental !== 'object') {
      signalReads.akamai = true;
      return;
    }
    const akamai = supplemental.akamai;
    if (akamai && typeof akamai === 'object') {
      if (akamai.akamaiBot && typeof akamai.akamaiBot === 'object') akamai.akamaiBot = watch(akamai.akamaiBot, { botScore: 'botScore' });
      if (akamai.akamaiUserRisk && typeof akamai.akamaiUserRisk === 'object') akamai.akamaiUserRisk = watch(akamai.akamaiUserRisk, { score: 'riskScore' });
      supplemental.akamai = watch(akamai, { akamaiBot: 'bot', akamaiUserRisk: 'risk' });
    }
    event.authentication.riskAssessment.supplemental = watch(supplemental, { akamai: 'akamai' });
  }
  studio.signalReads = () => jsonStringify(signalReads);

  // The run's own settings (everything above is set up once, before the sandbox's snapshot). The
  // heap is pristine when this runs, so the objects it updates are the ones made above.
  let trackSignals = false;
  studio.begin = function begin(fileName, clockMs, live, seed, track) {
    FILE = fileName;
    argv[1] = fileName;
    clockBase = clockMs;
    performance.timeOrigin = clockMs;
    liveClock = live;
    seedRandom(seed);
    trackSignals = track;
  };

  // Wraps and loads the user's module, then calls the handler; the result is the handler's promise.
  studio.invoke = function invoke(moduleFn, handlerName, eventJson, buildApi) {
    const module = { exports: {}, id: '.', filename: `/${FILE}`, loaded: false, children: [], paths: [] };
    ReflectApply(moduleFn, module.exports, [module.exports, require, module, `/${FILE}`, '/']);
    module.loaded = true;
    const exp = module.exports;
    if (exp === null || (typeof exp !== 'object' && typeof exp !== 'function')) {
      throw new Error('The Action must export an object.');
    }
    const fn = exp[handlerName];
    const isAsync = typeof fn === 'function' && fn.constructor && fn.constructor.name === 'AsyncFunction';
    if (!isAsync) {
      if (typeof fn === 'function') {
        host.note('warning', `exports.${handlerName} is a plain function; Auth0 requires an async function and refuses to run it.`);
      } else {
        const others = ObjectKeys(exp).filter((k) => typeof exp[k] === 'function');
        const known = others.map((k) => config.handlers[k]).filter(Boolean);
        const hint = known.length ? ` That is the ${known[0]} handler: pick the ${known[0]} trigger to run it.` : '';
        host.note('warning', others.length
          ? `The action does not export ${handlerName}; it exports ${others.join(', ')}.${hint}`
          : `The action does not export ${handlerName}.`);
      }
      throw new Error(`Invalid function signature for the "${handlerName}" handler. Use "exports.${handlerName} = async function(event, api) { }" as the signature.`);
    }
    const event = jsonParse(eventJson);
    if (trackSignals) trackSignalReads(event);
    const api = buildApi(event, handlerName);
    return ReflectApply(fn, exp, [event, api]);
  };

  delete G.__host;
  delete G.__config;
  return studio;
})
