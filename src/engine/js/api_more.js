// Action Studio: the rarely used parts of the `api` objects, built on first use in a run: post-login's
// authentication, groups, prompt, redirect, refreshToken, roles, samlResponse, session and
// transaction namespaces, and the post-challenge and credentials-exchange builders.
// Wording notes as in js/api.js.
(function (studio, shared) {
  'use strict';
  const { M, fail, isPlainObject, byteLength, cacheApi, checkScope } = shared;

  const FACTOR_TYPES = ['otp', 'email', 'webauthn-platform', 'webauthn-roaming', 'recovery-code', 'phone', 'push', 'push-notification'];
  const ENROLL_TYPES = ['otp', 'webauthn-platform', 'webauthn-roaming', 'push', 'push-notification', 'recovery-code', 'phone'];
  function checkFactor(f, allowed, what) {
    if (!f || typeof f !== 'object' || typeof f.type !== 'string') fail(`Invalid ${what}: expected an object with a "type".`, TypeError); // Wording inferred.
    if (!allowed.includes(f.type)) {
      studio.note('warning', `"${f.type}" is not a ${what} type Auth0 knows (${allowed.join(', ')}); Auth0 ignores it and fails the login if no usable factor remains.`);
    }
  }

  // api.authentication.<verb> and <verb>Any, checking their factors against `allowed`.
  function factorMethods(verb, allowed, what) {
    return {
      [verb]: M(`authentication.${verb}`, (factor, options) => {
        checkFactor(factor, allowed, what);
        for (const f of (options && options.additionalFactors) || []) checkFactor(f, allowed, what);
      }),
      [`${verb}Any`]: M(`authentication.${verb}Any`, (factors) => {
        if (!Array.isArray(factors) || factors.length === 0) fail(`${verb}Any expects a non-empty array of factors.`, TypeError); // Wording inferred.
        for (const f of factors) checkFactor(f, allowed, what);
      }),
    };
  }

  // Redirect tokens (HS256 JWT), shared by post-login and post-challenge.
  function b64urlJson(obj) { return studio.b64url(studio.utf8(JSON.stringify(obj))); }
  function encodeToken(event) {
    return ({ secret, payload, expiresInSeconds } = {}) => {
      if (typeof secret !== 'string' || !secret) fail('A "secret" is required to encode a token.', TypeError); // Wording inferred.
      const iat = Math.floor(studio.now() / 1000);
      const exp = iat + (expiresInSeconds === undefined ? 900 : Number(expiresInSeconds));
      const claims = { iat, iss: event.request && event.request.hostname, sub: event.user && event.user.user_id, exp, ip: event.request && event.request.ip, ...(payload || {}) };
      const head = b64urlJson({ alg: 'HS256', typ: 'JWT' });
      const body = b64urlJson(claims);
      const sig = studio.b64url(studio.hmacSha256(studio.utf8(secret), `${head}.${body}`));
      return `${head}.${body}.${sig}`;
    };
  }
  function validateToken(event) {
    return ({ secret, tokenParameterName } = {}) => {
      const name = tokenParameterName || 'session_token';
      const q = (event.request && event.request.query) || {};
      const b = (event.request && event.request.body) || {};
      const token = b[name] !== undefined ? b[name] : q[name];
      if (token === undefined) fail(`There is no parameter called '${name}' available in either the POST body or query string.`);
      const invalid = (why) => fail(`The session token is invalid: ${why}`);
      const parts = String(token).split('.');
      if (parts.length !== 3) invalid('jwt malformed');
      const expected = studio.b64url(studio.hmacSha256(studio.utf8(String(secret)), `${parts[0]}.${parts[1]}`));
      if (expected !== parts[2]) invalid('invalid signature');
      let claims;
      try { claims = JSON.parse(studio.fromUtf8(studio.b64urlDecode(parts[1]) || '')); } catch (e) { invalid('jwt malformed'); }
      if (typeof claims.exp === 'number' && claims.exp * 1000 <= studio.now()) invalid('jwt expired');
      const host = event.request && event.request.hostname;
      if (host && claims.iss !== host) invalid(`jwt issuer invalid. expected: ${host}`);
      const state = b.state !== undefined ? b.state : q.state;
      if (state !== undefined && claims.state !== state) invalid('state mismatch'); // Wording inferred.
      if (event.user && event.user.user_id && claims.sub !== undefined && claims.sub !== event.user.user_id) invalid('jwt subject invalid'); // Wording inferred.
      return claims;
    };
  }
  function checkRedirectUrl(url, options) {
    let parsed;
    try { parsed = new URL(url); } catch (e) { throw new TypeError(`Invalid URL: ${url}`); }
    if (options && options.query && typeof options.query === 'object') {
      for (const [k, v] of Object.entries(options.query)) parsed.searchParams.set(k, String(v));
    }
    return parsed.href;
  }

  // Tracks the once-per-action rules for prompt.render and redirects.
  const once = { render: false, redirect: false };
  function promptRender() {
    return (promptId, options) => {
      if (once.render) fail('Only 1 render command per action is allowed.');
      if (once.redirect) fail('Redirect and render commands cannot be used in the same action.');
      if (typeof promptId !== 'string' || !promptId) fail('The promptId must be a non-empty string.', TypeError); // Wording inferred.
      if (promptId.length > 48) fail('The promptId must be at most 48 characters.'); // Wording inferred.
      const o = options || {};
      for (const part of ['fields', 'vars']) {
        const v = o[part];
        if (v === undefined) continue;
        if (!isPlainObject(v)) fail(`Invalid prompt ${part}: expected an object.`, TypeError); // Wording inferred.
        const keys = Object.keys(v);
        if (keys.length > 24) fail(`Invalid prompt ${part}: at most 24 keys are allowed.`); // Wording inferred.
        for (const k of keys) if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,49}$/.test(k)) fail(`Invalid prompt ${part} key "${k}".`); // Wording inferred.
      }
      if (byteLength(JSON.stringify(o)) > 24 * 1024) fail('The prompt options must serialize to at most 24 KiB.'); // Wording inferred.
      once.render = true;
    };
  }
  function sendUserTo() {
    return (url, options) => {
      if (once.render) fail('Redirect and render commands cannot be used in the same action.');
      checkRedirectUrl(url, options);
      once.redirect = true;
    };
  }

  const META_KEY = /^[a-zA-Z0-9_-]{1,255}$/;
  function metadataMap(prefix, target, requireTarget) {
    const check = (key, value) => {
      if (requireTarget && !target()) fail(`${prefix}Cannot set metadata on a session that does not exist.`);
      if (typeof key !== 'string' || !META_KEY.test(key) || key.includes('\0')) fail(`${prefix}Invalid key "${key}": keys must match ^[a-zA-Z0-9_-]{1,255}$.`); // Wording inferred.
      if (value !== null && (typeof value !== 'string' || value.length > 255 || value.includes('\0'))) fail(`${prefix}Invalid value for "${key}": values must be strings of at most 255 characters.`); // Wording inferred.
      const t = target();
      if (t) {
        const md = t.metadata && typeof t.metadata === 'object' ? { ...t.metadata } : {};
        if (value === null) delete md[key]; else md[key] = value;
        if (Object.keys(md).length > 25) fail(`${prefix}At most 25 metadata keys are allowed.`); // Wording inferred.
        t.metadata = md;
      }
    };
    return {
      set: check,
      del: (key) => { const t = target(); if (t && t.metadata) { const md = { ...t.metadata }; delete md[key]; t.metadata = md; } },
      evict: () => { const t = target(); if (t) t.metadata = {}; },
    };
  }
  function expiry(what) {
    return (ms) => {
      if (!ms) fail('Either inactivity or absolute expiration time must be provided');
      if (typeof ms !== 'number' || !Number.isFinite(ms)) fail(`The ${what} must be a finite number of milliseconds since the epoch.`, TypeError); // Wording inferred.
    };
  }

  const SAML_STRINGS = { Audience: 2048, Recipient: 2048, Destination: 2048, NameIdentifierFormat: 512, AuthnContextClassRef: 512, Issuer: 512, RelayState: 512, Cert: 4096, Key: 4096, SigningCert: 4096, EncryptionCert: 4096, EncryptionPublicKey: 4096 };
  const SAML_BOOLS = ['CreateUpnClaim', 'PassthroughClaimsWithNoMapping', 'MapUnknownClaimsAsIs', 'MapIdentities', 'SignResponse', 'IncludeAttributeNameFormat', 'TypedAttributes'];
  const SAML_ENUMS = { SignatureAlgorithm: ['rsa-sha256', 'rsa-sha1'], DigestAlgorithm: ['sha256', 'sha1'], EncryptionAlgorithm: ['aes256-gcm', 'aes256-cbc'] };
  function samlApi() {
    const attrs = {};
    const api = {};
    const invalid = (name, why) => fail(`Invalid SAML configuration for ${name}: ${why}`); // Wording inferred.
    api.setAttribute = M('samlResponse.setAttribute', (attribute, value) => {
      if (typeof attribute !== 'string' || !attribute || attribute.length > 1024) invalid('attribute', 'the name must be a string of 1 to 1024 characters');
      const v = value === undefined ? null : value;
      const okScalar = (x) => x === null || typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'string' && x.length <= 2048);
      if (!(okScalar(v) || (Array.isArray(v) && v.every((x) => x !== null && okScalar(x))))) invalid(attribute, 'values must be strings (up to 2048 characters), numbers, booleans, null or arrays of those');
      const next = { ...attrs };
      if (v === null) delete next[attribute]; else next[attribute] = v;
      if (Object.keys(next).length > 100) invalid(attribute, 'at most 100 attributes can be added or changed');
      if (byteLength(JSON.stringify(next)) > 102400) invalid(attribute, 'the serialized attributes exceed 102400 bytes');
      if (v === null) delete attrs[attribute]; else attrs[attribute] = v;
    });
    for (const [name, max] of Object.entries(SAML_STRINGS)) {
      api[`set${name}`] = M(`samlResponse.set${name}`, (v) => { if (typeof v !== 'string' || v.length > max) invalid(name, `expected a string of at most ${max} characters`); });
    }
    for (const name of SAML_BOOLS) {
      api[`set${name}`] = M(`samlResponse.set${name}`, (v) => { if (typeof v !== 'boolean') invalid(name, 'expected a boolean'); });
    }
    for (const [name, values] of Object.entries(SAML_ENUMS)) {
      api[`set${name}`] = M(`samlResponse.set${name}`, (v) => {
        if (!values.includes(v)) invalid(name, `expected one of ${values.join(', ')}`);
        if (v === values[1]) studio.note('warning', `samlResponse.set${name}('${v}') uses a deprecated algorithm.`);
      });
    }
    api.setLifetimeInSeconds = M('samlResponse.setLifetimeInSeconds', (v) => { if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) invalid('LifetimeInSeconds', 'expected a positive integer'); });
    api.setNameIdentifierProbes = M('samlResponse.setNameIdentifierProbes', (v) => {
      if (!Array.isArray(v) || v.length > 10 || !v.every((x) => typeof x === 'string' && x.length <= 512)) invalid('NameIdentifierProbes', 'expected at most 10 strings of at most 512 characters');
    });
    return api;
  }

  function notSimulated(what) {
    studio.note('fidelity', `${what} is answered from the event only; Action Studio does not call Auth0's directory.`);
  }

  return {
    resetOnce() {
      once.render = false;
      once.redirect = false;
    },

    postLogin(event, handlerName, api, chain) {
      let primaryUserSet = false;
      const session = metadataMap('Failed to set session metadata: ', () => (event.session && Object.keys(event.session).length ? event.session : null), true);
      const refresh = metadataMap('Failed to set refresh token metadata: ', () => event.refresh_token || null, false);
      const onlineRefresh = () => { if (event.refresh_token && event.refresh_token.access === 'online') fail('This operation is not allowed on online refresh tokens.'); }; // Wording inferred.
      const targetScopes = () => fail('Method not implemented.');
      const roles = () => ((event.authorization && event.authorization.roles) || []).map((name) => ({ name, sources: [{ type: 'direct' }] }));
      return {
      authentication: () => ({
        ...factorMethods('challengeWith', FACTOR_TYPES, 'challenge factor'),
        ...factorMethods('enrollWith', ENROLL_TYPES, 'enrollment factor'),
        recordMethod: M('authentication.recordMethod', chain((url) => {
          if (handlerName !== 'onContinuePostLogin') fail('api.authentication.recordMethod() can only be called from onContinuePostLogin.'); // Wording inferred.
          let u;
          try { u = new URL(url); } catch (e) { throw new TypeError(`Invalid URL: ${url}`); }
          if (u.protocol !== 'http:' && u.protocol !== 'https:') fail('The provider URL must use http or https.'); // Wording inferred.
        })),
        setPrimaryUser: M('authentication.setPrimaryUser', (id) => {
          if (primaryUserSet) fail('The primary user can only be altered once per transaction');
          if (typeof id !== 'string' || !id) fail('The primary user id must be a non-empty string');
          if (id.length > 128) fail('The primary user id exceeds the maximum length.');
          primaryUserSet = true;
        }),
      }),
      groups: () => ({
        getUserGroups: M('groups.getUserGroups', () => { notSimulated('api.groups.getUserGroups'); return Promise.resolve({ groups: [] }); }),
        hasGroupMembership: M('groups.hasGroupMembership', (groups) => {
          if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g === 'string')) fail('hasGroupMembership expects a non-empty array of group ids or names.', TypeError); // Wording inferred.
          notSimulated('api.groups.hasGroupMembership');
          const memberships = {};
          for (const g of groups) memberships[g] = { is_member: false };
          return Promise.resolve({ memberships });
        }),
      }),
      prompt: () => ({ render: M('prompt.render', promptRender()) }),
      redirect: () => ({
        canRedirect: M('redirect.canRedirect', () => {
          const query = (event.request && event.request.query) || {};
          const protocol = event.transaction && event.transaction.protocol;
          return !(query.prompt === 'none' || ['oauth2-resource-owner', 'oauth2-refresh-token', 'oauth2-password', 'oauth2-webauthn'].includes(protocol));
        }),
        encodeToken: M('redirect.encodeToken', encodeToken(event)),
        sendUserTo: M('redirect.sendUserTo', chain(sendUserTo())),
        validateToken: M('redirect.validateToken', validateToken(event)),
      }),
      refreshToken: () => ({
        revoke: M('refreshToken.revoke', (reason) => { if (typeof reason === 'string' && reason.length > 1024) fail('The reason must be at most 1024 characters.'); }), // Wording inferred.
        setExpiresAt: M('refreshToken.setExpiresAt', (ms) => { onlineRefresh(); expiry('absolute expiration')(ms); }),
        setIdleExpiresAt: M('refreshToken.setIdleExpiresAt', (ms) => { onlineRefresh(); expiry('inactivity expiration')(ms); }),
        setMetadata: M('refreshToken.setMetadata', (k, v) => { onlineRefresh(); refresh.set(k, v); }),
        deleteMetadata: M('refreshToken.deleteMetadata', (k) => { onlineRefresh(); refresh.del(k); }),
        evictMetadata: M('refreshToken.evictMetadata', () => { onlineRefresh(); refresh.evict(); }),
      }),
      roles: () => ({
        getUserEffectiveRoles: M('roles.getUserEffectiveRoles', () => { notSimulated('api.roles.getUserEffectiveRoles'); return Promise.resolve({ roles: roles() }); }),
        getUserEffectiveRolesByIds: M('roles.getUserEffectiveRolesByIds', () => { notSimulated('api.roles.getUserEffectiveRolesByIds'); return Promise.resolve({ roles: [] }); }),
        getUserEffectiveRolesByNames: M('roles.getUserEffectiveRolesByNames', (names) => { notSimulated('api.roles.getUserEffectiveRolesByNames'); return Promise.resolve({ roles: roles().filter((r) => Array.isArray(names) && names.includes(r.name)) }); }),
      }),
      samlResponse: () => (samlApi()),
      session: () => ({
        revoke: M('session.revoke', (reason, options) => {
          if (options !== undefined && (options === null || typeof options !== 'object' || Object.keys(options).some((k) => k !== 'preserveRefreshTokens'))) fail('Invalid session revoke options: only "preserveRefreshTokens" is allowed.'); // Wording inferred.
        }),
        setExpiresAt: M('session.setExpiresAt', expiry('absolute expiration')),
        setIdleExpiresAt: M('session.setIdleExpiresAt', expiry('inactivity expiration')),
        setCookieMode: M('session.setCookieMode', (mode) => {
          if (mode !== 'persistent' && mode !== 'non-persistent') fail(`Invalid cookie mode "${mode}": expected "persistent" or "non-persistent".`); // Wording inferred.
          if (event.session && Object.keys(event.session).length) event.session.cookie = { ...(event.session.cookie || {}), mode };
        }),
        setMetadata: M('session.setMetadata', (k, v) => session.set(k, v)),
        deleteMetadata: M('session.deleteMetadata', (k) => session.del(k)),
        evictMetadata: M('session.evictMetadata', () => session.evict()),
      }),
      transaction: () => ({
        setMetadata: M('transaction.setMetadata', (key, value) => {
          if (typeof key !== 'string' || !key || key.length > 64) fail('Transaction metadata keys must be strings of 1 to 64 characters.'); // Wording inferred.
          const okType = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value));
          if (!okType) fail(`Transaction metadata values must be strings, safe numbers, booleans or null (key "${key}").`); // Wording inferred.
          if (typeof value === 'string' && byteLength(value) > 8192) fail(`Transaction metadata value for "${key}" exceeds 8 KB.`); // Wording inferred.
          if (!event.transaction) event.transaction = {};
          const md = { ...(event.transaction.metadata || {}) };
          if (value === null) delete md[key]; else md[key] = value;
          if (byteLength(JSON.stringify(md)) > 16384) fail('Transaction metadata exceeds 16 KB in total.'); // Wording inferred.
          event.transaction.metadata = md;
        }),
        addTargetScope: M('transaction.addTargetScope', targetScopes),
        removeTargetScope: M('transaction.removeTargetScope', targetScopes),
        setTargetScopes: M('transaction.setTargetScopes', targetScopes),
        clearTargetScopes: M('transaction.clearTargetScopes', targetScopes),
      }),
      };
    },

    postChallenge(event) {
      const api = {};
      api.access = { deny: M('access.deny', () => {}) };
      api.authentication = factorMethods('challengeWith', FACTOR_TYPES, 'challenge factor');
      api.cache = cacheApi();
      api.prompt = { render: M('prompt.render', promptRender()) };
      const send = sendUserTo();
      api.redirect = {
        encodeToken: M('redirect.encodeToken', encodeToken(event)),
        sendUserTo: M('redirect.sendUserTo', (url, options) => { send(url, options); }),
        validateToken: M('redirect.validateToken', validateToken(event)),
      };
      api.transaction = { setResultUrl: M('transaction.setResultUrl', (url, options) => { checkRedirectUrl(url, options); }) };
      return api;
    },


    credentialsExchange(event) {
      const api = {};
      const chain = (fn) => (...args) => { fn(...args); return api; };
      const scopes = () => {
        if (!event.transaction) event.transaction = {};
        if (!Array.isArray(event.transaction.target_scopes)) {
          event.transaction.target_scopes = Array.isArray(event.accessToken && event.accessToken.scope) ? [...event.accessToken.scope] : [];
        }
        return event.transaction.target_scopes;
      };
      const setScopes = (list) => {
        const unique = [...new Set(list)];
        if (unique.length > 1000) fail('At most 1000 target scopes are allowed.'); // Wording inferred.
        event.transaction.target_scopes = unique;
      };
      api.access = {
        deny: M('access.deny', chain((code) => {
          if (!['invalid_scope', 'invalid_request', 'server_error'].includes(code)) studio.note('warning', `api.access.deny('${code}', …): the first argument is an OAuth error code: 'invalid_scope', 'invalid_request' or 'server_error'.`);
        })),
      };
      api.accessToken = { setCustomClaim: M('accessToken.setCustomClaim', chain(() => {})) };
      api.cache = cacheApi();
      api.transaction = {
        addTargetScope: M('transaction.addTargetScope', (s) => { const v = checkScope(s); setScopes([...scopes(), v]); }),
        removeTargetScope: M('transaction.removeTargetScope', (s) => { const v = checkScope(s); setScopes(scopes().filter((x) => x !== v)); }),
        setTargetScopes: M('transaction.setTargetScopes', (list) => {
          if (!Array.isArray(list)) fail('setTargetScopes expects an array of scopes.', TypeError); // Wording inferred.
          scopes();
          setScopes(list.map(checkScope));
        }),
        clearTargetScopes: M('transaction.clearTargetScopes', () => { scopes(); setScopes([]); }),
      };
      return api;
    },
  };
})
