// Action Studio: the `api` object of each trigger, with Auth0's client-side validators.
// Error texts follow Auth0's official harness (@auth0/actions) where the fact sheet quotes them;
// texts marked "wording inferred" are our best reconstruction of a check the harness performs.
(function (studio, trigger) {
  'use strict';
  const M = studio.method;
  const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
  const byteLength = (s) => studio.utf8(String(s)).length;
  const fail = (message, Ctor) => { throw new (Ctor || Error)(message); };

  // ---- Shared pieces -----------------------------------------------------------------------------
  function cacheApi() {
    return {
      get: M('cache.get', (key) => {
        const r = studio.cache('get', String(key));
        return r === null ? undefined : r;
      }),
      set: M('cache.set', (key, value, options) => {
        if (typeof value !== 'string') fail('The cache value must be a string.', TypeError); // Wording inferred.
        return studio.cache('set', String(key), value, options);
      }),
      delete: M('cache.delete', (key) => studio.cache('delete', String(key))),
    };
  }

  function checkScope(scope) {
    if (typeof scope !== 'string') fail('The value for the scope must be a string.', TypeError);
    const s = scope.trim();
    if (!s) fail('The value for the scope is required.');
    if (s.length > 280) fail('The value for the scope must be at most 280 characters.'); // Wording inferred.
    if (/\s/.test(s)) fail('The value for the scope must not contain whitespace.'); // Wording inferred.
    return s;
  }

  function reservedClaimCheck(key) {
    if (key === 'scope') fail('The "scope" claim cannot be set.');
  }

  function validationError(prefix) {
    return (errorCode, errorMessage) => {
      if (typeof errorCode !== 'string' || typeof errorMessage !== 'string') fail(`${prefix}errorCode and errorMessage must be strings.`); // Wording inferred.
      if (errorCode.length > 100) fail(`${prefix}errorCode must be at most 100 characters.`); // Wording inferred.
      if (errorMessage.length > 100) fail(`${prefix}errorMessage must be at most 100 characters.`); // Wording inferred.
    };
  }

  function metadataSetter(event, field, guarded) {
    return (key, value) => {
      if (guarded) {
        const md = event.user && event.user[field];
        if (!isPlainObject(md)) fail(`Unexpected ${field} format. Must be a valid JSON object`);
      }
      if (typeof key !== 'string') fail(`The ${field} key must be a string.`, TypeError); // Wording inferred.
    };
  }

  let moreCache = null;
  const moreLib = () => {
    if (moreCache === null) {
      moreCache = studio.lib('api_more')(studio, { M, fail, isPlainObject, byteLength, cacheApi, checkScope, reservedClaimCheck, validationError });
    }
    return moreCache;
  };

  // Namespaces are built on first access: most actions touch two or three of post-login's
  // seventeen, and building them all cost a tenth of a millisecond per run.
  function lazyProperty(obj, name, make) {
    Object.defineProperty(obj, name, {
      configurable: true,
      enumerable: true,
      get() {
        const value = make();
        Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: true });
      },
    });
  }

  // ---- Per-trigger builders ----------------------------------------------------------------------
  const builders = {
    'post-login'(event, handlerName) {
      const api = {};
      const lazy = (name, make) => lazyProperty(api, name, make);
      const chain = (fn) => (...args) => { fn(...args); return api; };
      let addedScopes = 0;
      lazy('access', () => ({ deny: M('access.deny', chain((reason) => { if (typeof reason !== 'string') studio.note('warning', 'api.access.deny expects a string reason; Auth0 sends it to the application as error_description.'); })) }));
      lazy('accessToken', () => ({
        setCustomClaim: M('accessToken.setCustomClaim', chain((key) => reservedClaimCheck(key))),
        addScope: M('accessToken.addScope', (scope) => {
          checkScope(scope);
          if (++addedScopes > 1000) fail('At most 1000 scopes can be added.'); // Wording inferred.
        }),
        removeScope: M('accessToken.removeScope', (scope) => { checkScope(scope); }),
      }));
      lazy('cache', () => (cacheApi()));
      lazy('idToken', () => ({ setCustomClaim: M('idToken.setCustomClaim', chain((key) => reservedClaimCheck(key))) }));
      lazy('multifactor', () => ({
        enable: M('multifactor.enable', chain((provider) => {
          if (!['any', 'guardian', 'google-authenticator', 'duo', 'none'].includes(provider)) studio.note('warning', `api.multifactor.enable('${provider}'): Auth0 accepts 'any', 'guardian', 'google-authenticator', 'duo' or 'none'.`);
        })),
      }));
      lazy('rules', () => ({ wasExecuted: M('rules.wasExecuted', () => false) }));
      lazy('user', () => ({
        setAppMetadata: M('user.setAppMetadata', chain(metadataSetter(event, 'app_metadata', true))),
        setUserMetadata: M('user.setUserMetadata', chain(metadataSetter(event, 'user_metadata', true))),
      }));
      lazy('validation', () => ({ error: M('validation.error', chain(validationError('Failed to add validation error: '))) }));
      // The rarely used namespaces live in js/api_more.js, built on first use.
      let heavy = null;
      const more = () => {
        if (heavy === null) heavy = moreLib().postLogin(event, handlerName, api, chain);
        return heavy;
      };
      for (const name of ['authentication', 'groups', 'prompt', 'redirect', 'refreshToken', 'roles', 'samlResponse', 'session', 'transaction']) lazy(name, () => more()[name]());
      return api;
    },

    'pre-user-registration'() {
      const api = {};
      const chain = (fn) => (...args) => { fn(...args); return api; };
      api.access = { deny: M('access.deny', chain(() => {})) };
      api.cache = cacheApi();
      api.user = {
        setAppMetadata: M('user.setAppMetadata', chain(metadataSetter(null, 'app_metadata', false))),
        setUserMetadata: M('user.setUserMetadata', chain(metadataSetter(null, 'user_metadata', false))),
        setUserId: M('user.setUserId', chain((id) => {
          if (typeof id !== 'string' || !/^[a-zA-Z0-9@._+-]{1,255}$/.test(id)) fail('Invalid setUserId arguments: the user id must match ^[a-zA-Z0-9@._+-]{1,255}$');
        })),
      };
      api.validation = { error: M('validation.error', chain(validationError('Failed to add validation error: '))) };
      return api;
    },

    'post-challenge'(event) {
      return moreLib().postChallenge(event);
    },

    'credentials-exchange'(event) {
      return moreLib().credentialsExchange(event);
    },
  };
  const cacheOnly = () => ({ cache: cacheApi() });
  builders['post-user-registration'] = cacheOnly;
  builders['send-phone-message'] = cacheOnly;
  builders['post-change-password'] = cacheOnly;

  return function buildApi(event, handlerName) {
    if (moreCache !== null) moreCache.resetOnce();
    return builders[trigger](event, handlerName);
  };
})
