// Action Studio: Node.js compatibility, loaded once per sandbox (Buffer, URL, TextEncoder, crypto, util,
// querystring, events, structuredClone). Byte data crosses to Rust as "binary strings" (one char
// per byte, 0-255); the Rust side does UTF-8, base64, hashing and URL parsing with vetted crates.
(function (host, shared) {
  'use strict';
  const { inspect, format, randomBytes, randomUUID } = shared;

  function bytesToBin(bytes) {
    let s = '';
    const CHUNK = 8192;
    for (let i = 0; i < bytes.length; i += CHUNK) {
      s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + CHUNK)));
    }
    return s;
  }
  function binToBytes(bin, Ctor) {
    const out = new (Ctor || Uint8Array)(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i) & 0xff;
    return out;
  }
  const HEX = '0123456789abcdef';
  function toHex(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
    return s;
  }
  function fromHex(str) {
    const clean = String(str);
    const n = Math.floor(clean.length / 2);
    const out = [];
    for (let i = 0; i < n; i++) {
      const b = parseInt(clean.substr(i * 2, 2), 16);
      if (Number.isNaN(b)) break;
      out.push(b);
    }
    return out;
  }
  function normEnc(enc) {
    const e = String(enc || 'utf8').toLowerCase();
    if (e === 'utf-8') return 'utf8';
    if (e === 'binary') return 'latin1';
    if (e === 'ucs2' || e === 'ucs-2' || e === 'utf-16le') return 'utf16le';
    return e;
  }
  function encodeString(str, enc) {
    const e = normEnc(enc);
    switch (e) {
      case 'utf8': return binToBytes(host.utf8enc(String(str)));
      case 'hex': return Uint8Array.from(fromHex(str));
      case 'base64': case 'base64url': return binToBytes(host.b64dec(String(str)) || '');
      case 'latin1': case 'ascii': return binToBytes(String(str));
      case 'utf16le': {
        const s = String(str);
        const out = new Uint8Array(s.length * 2);
        for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); out[i * 2] = c & 0xff; out[i * 2 + 1] = c >> 8; }
        return out;
      }
      default: throw new TypeError(`Unknown encoding: ${enc}`);
    }
  }
  function decodeBytes(bytes, enc) {
    const e = normEnc(enc);
    switch (e) {
      case 'utf8': return host.utf8dec(bytesToBin(bytes));
      case 'hex': return toHex(bytes);
      case 'base64': return host.b64enc(bytesToBin(bytes), false);
      case 'base64url': return host.b64enc(bytesToBin(bytes), true);
      case 'latin1': return bytesToBin(bytes);
      case 'ascii': return Array.from(bytes, (b) => String.fromCharCode(b & 0x7f)).join('');
      case 'utf16le': { let s = ''; for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8)); return s; }
      default: throw new TypeError(`Unknown encoding: ${enc}`);
    }
  }

  // ---- Buffer ------------------------------------------------------------------------------------
  class Buffer extends Uint8Array {
    static from(value, encOrOffset, length) {
      if (typeof value === 'string') return Buffer._wrap(encodeString(value, encOrOffset));
      if (value instanceof ArrayBuffer) return new Buffer(value, encOrOffset || 0, length === undefined ? value.byteLength - (encOrOffset || 0) : length);
      if (ArrayBuffer.isView(value)) { const b = new Buffer(value.length); b.set(value); return b; }
      if (Array.isArray(value)) { const b = new Buffer(value.length); for (let i = 0; i < value.length; i++) b[i] = value[i] & 0xff; return b; }
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }
    static _wrap(u8) { const b = new Buffer(u8.length); b.set(u8); return b; }
    static alloc(n, fill) { const b = new Buffer(n); if (fill !== undefined) b.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill); return b; }
    static allocUnsafe(n) { return new Buffer(n); }
    static isBuffer(v) { return v instanceof Buffer; }
    static isEncoding(e) { return ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'ascii', 'utf16le'].includes(normEnc(e)); }
    static byteLength(v, enc) { return typeof v === 'string' ? encodeString(v, enc).length : v.byteLength; }
    static concat(list, total) {
      const len = total === undefined ? list.reduce((n, b) => n + b.length, 0) : total;
      const out = Buffer.alloc(len);
      let off = 0;
      for (const b of list) { if (off >= len) break; out.set(b.subarray(0, len - off), off); off += b.length; }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(enc, start, end) { return decodeBytes(this.subarray(start || 0, end === undefined ? this.length : end), enc); }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(other) { if (!other || this.length !== other.length) return false; for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false; return true; }
    compare(other) { const n = Math.min(this.length, other.length); for (let i = 0; i < n; i++) { if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1; } return this.length === other.length ? 0 : (this.length < other.length ? -1 : 1); }
    write(str, offset, length, enc) { const b = encodeString(str, typeof offset === 'string' ? offset : enc); const o = typeof offset === 'number' ? offset : 0; const n = Math.min(b.length, this.length - o, typeof length === 'number' ? length : Infinity); this.set(b.subarray(0, n), o); return n; }
    slice(start, end) { return this.subarray(start, end); }
    subarray(start, end) { const u = Uint8Array.prototype.subarray.call(this, start, end); return new Buffer(u.buffer, u.byteOffset, u.length); }
    readUInt8(o = 0) { return this[o]; }
    readUInt32BE(o = 0) { return ((this[o] << 24) >>> 0) + (this[o + 1] << 16) + (this[o + 2] << 8) + this[o + 3]; }
    readUInt16BE(o = 0) { return (this[o] << 8) | this[o + 1]; }
    includes(v) { return typeof v === 'string' ? this.toString('latin1').includes(Buffer.from(v).toString('latin1')) : Uint8Array.prototype.includes.call(this, v); }
  }
  Object.defineProperty(Buffer, Symbol.species, { value: Uint8Array });

  // ---- Text encoding -------------------------------------------------------------------------------
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(s = '') { return encodeString(String(s), 'utf8'); }
  }
  class TextDecoder {
    constructor(label = 'utf-8') { const l = String(label).toLowerCase(); if (l !== 'utf-8' && l !== 'utf8') throw new RangeError(`The "${label}" encoding is not supported`); }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      return decodeBytes(bytes, 'utf8');
    }
  }
  function btoa(s) {
    const str = String(s);
    for (let i = 0; i < str.length; i++) if (str.charCodeAt(i) > 255) { const e = new Error('Invalid character'); e.name = 'InvalidCharacterError'; throw e; }
    return host.b64enc(str, false);
  }
  function atob(s) {
    const r = host.b64dec(String(s).replace(/[\t\n\f\r ]/g, ''));
    if (r == null) { const e = new Error('The string to be decoded is not correctly encoded.'); e.name = 'InvalidCharacterError'; throw e; }
    return r;
  }

  // ---- URL ------------------------------------------------------------------------------------------
  function qsEncode(s) { return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`); }
  function qsDecode(s) { try { return decodeURIComponent(String(s).replace(/\+/g, ' ')); } catch (e) { return String(s); } }
  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this._url = null;
      if (init === undefined || init === null) return;
      if (typeof init === 'string') this._parse(init);
      else if (init instanceof URLSearchParams) this._list = init._list.map((p) => [...p]);
      else if (Array.isArray(init)) for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else if (typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      const str = s.startsWith('?') ? s.slice(1) : s;
      if (!str) return;
      for (const part of str.split('&')) {
        if (!part) continue;
        const i = part.indexOf('=');
        this._list.push(i < 0 ? [qsDecode(part), ''] : [qsDecode(part.slice(0, i)), qsDecode(part.slice(i + 1))]);
      }
    }
    _update() { if (this._url) this._url._setSearch(this.toString()); }
    append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
    delete(k) { this._list = this._list.filter(([x]) => x !== String(k)); this._update(); }
    get(k) { const p = this._list.find(([x]) => x === String(k)); return p ? p[1] : null; }
    getAll(k) { return this._list.filter(([x]) => x === String(k)).map(([, v]) => v); }
    has(k) { return this._list.some(([x]) => x === String(k)); }
    set(k, v) {
      const key = String(k);
      const i = this._list.findIndex(([x]) => x === key);
      if (i < 0) this._list.push([key, String(v)]);
      else { this._list[i][1] = String(v); this._list = this._list.filter(([x], j) => j <= i || x !== key); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(cb, thisArg) { for (const [k, v] of this._list) cb.call(thisArg, v, k, this); }
    keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
    values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get size() { return this._list.length; }
    toString() { return this._list.map(([k, v]) => `${qsEncode(k)}=${qsEncode(v)}`).join('&'); }
  }
  const URL_PARTS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash', 'origin'];
  class URL {
    constructor(input, base) {
      const parsed = host.url(String(input), base === undefined ? null : String(base));
      if (parsed == null) {
        const e = new TypeError(`Invalid URL: ${input}`);
        e.code = 'ERR_INVALID_URL';
        e.input = String(input);
        throw e;
      }
      this._p = JSON.parse(parsed);
      this._sp = new URLSearchParams(this._p.search);
      this._sp._url = this;
    }
    static canParse(input, base) { return host.url(String(input), base === undefined ? null : String(base)) != null; }
    _reparse(href) { const parsed = host.url(href, null); if (parsed != null) { this._p = JSON.parse(parsed); this._sp._parse(this._p.search); } }
    _setSearch(q) { this._set('search', q); }
    _set(part, value) { const r = host.urlset(this._p.href, part, String(value)); if (r != null) { this._p = JSON.parse(r); if (part !== 'search') this._sp._parse(this._p.search); } }
    get searchParams() { return this._sp; }
    toString() { return this._p.href; }
    toJSON() { return this._p.href; }
  }
  for (const part of URL_PARTS) {
    Object.defineProperty(URL.prototype, part, {
      get() { return this._p[part]; },
      set(v) { if (part === 'href') this._reparse(String(v)); else if (part !== 'origin') this._set(part, v); },
      enumerable: true,
      configurable: true,
    });
  }

  // ---- crypto ----------------------------------------------------------------------------------------
  const HASHES = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512', md5: 'md5', 'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-512': 'sha512' };
  function toBin(data, enc) {
    if (typeof data === 'string') return bytesToBin(encodeString(data, enc));
    if (data instanceof ArrayBuffer) return bytesToBin(new Uint8Array(data));
    if (ArrayBuffer.isView(data)) return bytesToBin(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    throw new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
  }
  function makeDigest(kind, alg, key) {
    const name = HASHES[String(alg).toLowerCase()];
    if (!name) { const e = new Error(`Digest method not supported: ${alg}`); e.code = 'ERR_CRYPTO_INVALID_DIGEST'; throw e; }
    let data = '';
    let done = false;
    const obj = {
      update(chunk, enc) { if (done) throw new Error('Digest already called'); data += toBin(chunk, enc); return obj; },
      digest(enc) {
        if (done) throw new Error('Digest already called');
        done = true;
        const out = binToBytes(host.hash(name, data, key === undefined ? null : key), Buffer);
        return enc === undefined || enc === 'buffer' ? out : out.toString(enc);
      },
      copy() { const c = makeDigest(kind, alg, key); c.update(Buffer.from(data, 'latin1')); return c; },
    };
    return obj;
  }
  function getRandomValues(arr) {
    if (!ArrayBuffer.isView(arr)) throw new TypeError('The data argument must be an integer-type TypedArray');
    const bytes = randomBytes(arr.byteLength);
    new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).set(bytes);
    return arr;
  }
  const cryptoModule = {
    createHash: (alg) => makeDigest('hash', alg),
    createHmac: (alg, key) => makeDigest('hmac', alg, toBin(key)),
    randomUUID,
    randomBytes: (n, cb) => { const b = Buffer.from(randomBytes(n)); if (typeof cb === 'function') { cb(null, b); return undefined; } return b; },
    randomInt: (min, max) => { let lo = min; let hi = max; if (hi === undefined) { hi = lo; lo = 0; } return lo + Math.floor(Math.random() * (hi - lo)); },
    timingSafeEqual: (a, b) => {
      if (a.byteLength !== b.byteLength) { const e = new RangeError('Input buffers must have the same byte length'); e.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH'; throw e; }
      let d = 0;
      for (let i = 0; i < a.byteLength; i++) d |= a[i] ^ b[i];
      return d === 0;
    },
    getHashes: () => ['md5', 'sha1', 'sha256', 'sha512'],
    getRandomValues,
    webcrypto: null,
  };
  const webCrypto = { randomUUID, getRandomValues };
  cryptoModule.webcrypto = webCrypto;

  // ---- util, querystring, events ------------------------------------------------------------------------
  function isDeepStrictEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual(a[k], b[k]));
  }
  const util = {
    format,
    inspect,
    isDeepStrictEqual,
    promisify: (fn) => (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value)))),
    types: { isPromise: (v) => v instanceof Promise, isDate: (v) => v instanceof Date, isRegExp: (v) => v instanceof RegExp },
    TextEncoder,
    TextDecoder,
  };
  const querystring = {
    parse: (s) => { const out = {}; for (const [k, v] of new URLSearchParams(String(s))) { if (k in out) out[k] = [].concat(out[k], v); else out[k] = v; } return out; },
    stringify: (o) => Object.keys(o || {}).flatMap((k) => [].concat(o[k]).map((v) => `${qsEncode(k)}=${qsEncode(v == null ? '' : String(v))}`)).join('&'),
    escape: qsEncode,
    unescape: qsDecode,
  };
  querystring.decode = querystring.parse;
  querystring.encode = querystring.stringify;
  class EventEmitter {
    constructor() { this._events = new Map(); }
    on(name, fn) { if (!this._events.has(name)) this._events.set(name, []); this._events.get(name).push(fn); return this; }
    addListener(name, fn) { return this.on(name, fn); }
    once(name, fn) { const w = (...a) => { this.off(name, w); fn(...a); }; return this.on(name, w); }
    off(name, fn) { const l = this._events.get(name); if (l) this._events.set(name, l.filter((f) => f !== fn)); return this; }
    removeListener(name, fn) { return this.off(name, fn); }
    removeAllListeners(name) { if (name === undefined) this._events.clear(); else this._events.delete(name); return this; }
    emit(name, ...args) { const l = this._events.get(name); if (!l || l.length === 0) { if (name === 'error') throw args[0]; return false; } for (const f of [...l]) f.apply(this, args); return true; }
    listenerCount(name) { const l = this._events.get(name); return l ? l.length : 0; }
  }
  const events = EventEmitter;
  events.EventEmitter = EventEmitter;
  events.once = (em, name) => new Promise((resolve) => em.once(name, (...a) => resolve(a)));

  // ---- structuredClone (when QuickJS lacks it) ------------------------------------------------------------
  function structuredClone(value) {
    const seen = new Map();
    function clone(v) {
      if (typeof v === 'function' || typeof v === 'symbol') {
        const e = new Error(`${typeof v === 'function' ? String(v) : v.toString()} could not be cloned.`);
        e.name = 'DataCloneError';
        throw e;
      }
      if (v === null || typeof v !== 'object') return v;
      if (seen.has(v)) return seen.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof Map) { out = new Map(); seen.set(v, out); for (const [k, x] of v) out.set(clone(k), clone(x)); return out; }
      else if (v instanceof Set) { out = new Set(); seen.set(v, out); for (const x of v) out.add(clone(x)); return out; }
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (v instanceof Error) { out = new v.constructor(v.message); out.name = v.name; if (v.stack) out.stack = v.stack; }
      else if (Array.isArray(v)) { out = []; seen.set(v, out); for (let i = 0; i < v.length; i++) out[i] = clone(v[i]); return out; }
      else { out = {}; seen.set(v, out); for (const k of Object.keys(v)) out[k] = clone(v[k]); return out; }
      seen.set(v, out);
      return out;
    }
    return clone(value);
  }

  return {
    Buffer,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    atob,
    btoa,
    crypto: webCrypto,
    cryptoModule,
    util,
    querystring,
    events,
    structuredClone,
  };
})
