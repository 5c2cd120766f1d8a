// Action Studio: the parts of the prelude most actions never touch, kept apart (loaded once per sandbox):
// Node-like inspect / format (console output beyond plain strings), fetch, Headers,
// AbortController and AbortSignal.
(function (host, shared) {
  'use strict';
  const { G, jsonStringify, jsonParse, ObjectKeys, ArrayIsArray, getPrototypeOf, RealDate, errorText, addTimer, timers } = shared;

  // ---- Node-like inspect / format (console output) ---------------------------------------------
  const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  function quote(s) {
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  }
  function inspect(value, opts) {
    const depthLimit = opts && typeof opts.depth === 'number' ? opts.depth : 2;
    const seen = [];
    function fmt(v, depth, nested) {
      switch (typeof v) {
        case 'string': return nested ? quote(v) : v;
        case 'number': return Object.is(v, -0) ? '-0' : String(v);
        case 'bigint': return `${v}n`;
        case 'boolean': return String(v);
        case 'undefined': return 'undefined';
        case 'symbol': return v.toString();
        case 'function': {
          const kind = /^class\b/.test(Function.prototype.toString.call(v)) ? 'class' : (v.constructor && v.constructor.name === 'AsyncFunction' ? 'AsyncFunction' : 'Function');
          return kind === 'class' ? `[class ${v.name || '(anonymous)'}]` : `[${kind}: ${v.name || '(anonymous)'}]`;
        }
        default: break;
      }
      if (v === null) return 'null';
      if (seen.includes(v)) return '[Circular *1]';
      if (v instanceof RealDate) return Number.isFinite(v.getTime()) ? v.toISOString() : 'Invalid Date';
      if (v instanceof RegExp) return String(v);
      if (v instanceof Error) return v.stack ? `${v.name}: ${v.message}\n${v.stack}`.trimEnd() : `${v.name}: ${v.message}`;
      if (typeof Promise === 'function' && v instanceof Promise) return 'Promise { <pending> }';
      if (depth > depthLimit) return ArrayIsArray(v) ? '[Array]' : '[Object]';
      seen.push(v);
      try {
        let parts;
        let open;
        let close;
        if (ArrayIsArray(v)) {
          parts = [];
          const n = Math.min(v.length, 100);
          for (let i = 0; i < n; i++) parts.push(fmt(v[i], depth + 1, true));
          if (v.length > 100) parts.push(`... ${v.length - 100} more items`);
          open = '['; close = ']';
        } else if (v instanceof Map) {
          parts = [];
          for (const [k, x] of v) parts.push(`${fmt(k, depth + 1, true)} => ${fmt(x, depth + 1, true)}`);
          open = `Map(${v.size}) {`; close = '}';
        } else if (v instanceof Set) {
          parts = [];
          for (const x of v) parts.push(fmt(x, depth + 1, true));
          open = `Set(${v.size}) {`; close = '}';
        } else if (ArrayBuffer.isView(v)) {
          parts = Array.from(v.slice(0, 50), (x) => (v.constructor.name === 'Buffer' ? (x < 16 ? '0' : '') + x.toString(16) : String(x)));
          if (v.constructor.name === 'Buffer') return `<Buffer ${parts.join(' ')}${v.length > 50 ? ' ...' : ''}>`;
          open = `${v.constructor.name}(${v.length}) [`; close = ']';
        } else {
          parts = [];
          for (const k of ObjectKeys(v)) {
            let x;
            try { x = v[k]; } catch (e) { x = `[Getter threw: ${errorText(e)}]`; }
            parts.push(`${IDENT.test(k) ? k : quote(k)}: ${fmt(x, depth + 1, true)}`);
          }
          const proto = getPrototypeOf(v);
          const name = proto === null ? '[Object: null prototype]' : (proto.constructor && proto.constructor.name !== 'Object' ? proto.constructor.name : '');
          open = name ? `${name} {` : '{'; close = '}';
        }
        if (parts.length === 0) return open.endsWith('{') || open.endsWith('[') ? `${open}${close}` : `${open} ${close}`;
        const single = `${open} ${parts.join(', ')} ${close}`;
        if (single.length <= 72 && !single.includes('\n')) return single;
        const pad = '  '.repeat(depth + 1);
        return `${open}\n${parts.map((p) => pad + p).join(',\n')}\n${'  '.repeat(depth)}${close}`;
      } finally {
        seen.pop();
      }
    }
    return fmt(value, 0, false);
  }
  function format(...args) {
    if (args.length === 0) return '';
    let first = args[0];
    let rest = args.slice(1);
    let out;
    if (typeof first === 'string') {
      let i = 0;
      out = first.replace(/%[sdifjoOc%]/g, (m) => {
        if (m === '%%') return '%';
        if (i >= rest.length) return m;
        const a = rest[i++];
        switch (m) {
          case '%s': return typeof a === 'string' ? a : inspect(a, { depth: 1 });
          case '%d': case '%i': return typeof a === 'object' ? 'NaN' : String(m === '%i' ? parseInt(a, 10) : Number(a));
          case '%f': return String(parseFloat(a));
          case '%j': try { return jsonStringify(a); } catch (e) { return '[Circular]'; }
          case '%o': case '%O': return inspect(a, { depth: 4 });
          case '%c': return '';
          default: return m;
        }
      });
      rest = rest.slice(i);
    } else {
      out = inspect(first);
    }
    for (const a of rest) out += ` ${typeof a === 'string' ? a : inspect(a)}`;
    return out;
  }

  // ---- fetch (off unless a mock answers) ----------------------------------------------------------
  function makeHeaders(init) {
    const map = new Map();
    if (init) {
      const entries = typeof init.entries === 'function' && !ArrayIsArray(init) ? Array.from(init.entries()) : (ArrayIsArray(init) ? init : Object.entries(init));
      for (const [k, v] of entries) map.set(String(k).toLowerCase(), String(v));
    }
    return {
      get: (k) => (map.has(String(k).toLowerCase()) ? map.get(String(k).toLowerCase()) : null),
      has: (k) => map.has(String(k).toLowerCase()),
      set: (k, v) => { map.set(String(k).toLowerCase(), String(v)); },
      append: (k, v) => { const key = String(k).toLowerCase(); map.set(key, map.has(key) ? `${map.get(key)}, ${v}` : String(v)); },
      delete: (k) => { map.delete(String(k).toLowerCase()); },
      entries: () => map.entries(),
      keys: () => map.keys(),
      values: () => map.values(),
      forEach: (cb) => map.forEach((v, k) => cb(v, k)),
      [Symbol.iterator]: () => map.entries(),
    };
  }
  const Headers = function Headers(init) { return makeHeaders(init); };
  function AbortSignal() { this.aborted = false; this.reason = undefined; this.onabort = null; this._listeners = []; }
  AbortSignal.prototype.addEventListener = function addEventListener(type, fn) { if (type === 'abort') this._listeners.push(fn); };
  AbortSignal.prototype.removeEventListener = function removeEventListener(type, fn) { this._listeners = this._listeners.filter((f) => f !== fn); };
  AbortSignal.prototype.throwIfAborted = function throwIfAborted() { if (this.aborted) throw this.reason; };
  AbortSignal.timeout = function timeout(ms) {
    const c = new AbortController();
    const id = addTimer(() => c.abort(abortError('The operation was aborted due to timeout', 'TimeoutError')), ms, [], false);
    timers.get(id).internal = true;
    return c.signal;
  };
  function abortError(message, name) { const e = new Error(message); e.name = name || 'AbortError'; e.code = 20; return e; }
  const AbortController = function AbortController() {
    const signal = new AbortSignal();
    this.signal = signal;
    this.abort = function abort(reason) {
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason === undefined ? abortError('This operation was aborted') : reason;
      const ev = { type: 'abort', target: signal };
      if (typeof signal.onabort === 'function') signal.onabort(ev);
      for (const fn of signal._listeners) fn(ev);
    };
  };
  function makeResponse(status, statusText, headers, bodyText, url) {
    let used = false;
    const take = () => {
      if (used) throw new TypeError('Body is unusable: Body has already been read');
      used = true;
      return bodyText;
    };
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText,
      url,
      redirected: false,
      type: 'basic',
      headers: makeHeaders(headers),
      get bodyUsed() { return used; },
      text: async () => take(),
      json: async () => jsonParse(take()),
      arrayBuffer: async () => G.Buffer.from(take(), 'utf8').buffer,
      clone() { return makeResponse(status, statusText, headers, bodyText, url); },
    };
  }
  const fetch = function fetch(input, init) {
    const opts = init || {};
    const url = typeof input === 'string' ? input : (input && (input.href || input.url)) || String(input);
    const method = String(opts.method || (input && input.method) || 'GET').toUpperCase();
    let body = opts.body;
    if (body != null && typeof body !== 'string') body = String(body);
    const headers = {};
    try {
      const h = opts.headers ? makeHeaders(opts.headers) : null;
      if (h) for (const [k, v] of h.entries()) headers[k] = v;
    } catch (e) { /* Unreadable headers are left out of the record. */ }
    const reply = jsonParse(host.fetch(jsonStringify({ method, url, headers, body: body == null ? null : body })));
    return new Promise((resolve, reject) => {
      if (opts.signal && opts.signal.aborted) { reject(opts.signal.reason); return; }
      if (reply.error) {
        // Node's undici: the message is just 'fetch failed'; the detail is in `cause`.
        const e = new TypeError('fetch failed');
        e.cause = new Error(reply.error);
        e.cause.code = 'ENETUNREACH';
        reject(e);
        return;
      }
      resolve(makeResponse(reply.status, reply.statusText, reply.headers, reply.body, url));
    });
  };

  return { inspect, format, fetch, Headers, AbortSignal, AbortController };
})
