// Shared by the console's pages: the session (operator, CSRF token), JSON calls that send the
// token and go back to the login page when the session is gone, and small formatting helpers.
(function () {
  'use strict';
  var session = null;

  function toLogin() {
    window.location.assign('/login?error=timeout');
  }

  function api(path, options) {
    var opts = options || {};
    var headers = { 'Accept': 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.method && opts.method !== 'GET') headers['X-CSRF-Token'] = session ? session.csrf : '';
    return fetch(path, {
      method: opts.method || 'GET',
      headers: headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin'
    }).then(function (r) {
      if (r.status === 401) { toLogin(); throw new Error('login required'); }
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data && data.error ? data.error : ('HTTP ' + r.status));
        return data;
      });
    });
  }

  function loadSession() {
    return api('/api/session').then(function (s) {
      session = s;
      document.querySelectorAll('.csrf-field').forEach(function (f) { f.value = s.csrf; });
      var op = document.getElementById('operator');
      if (op) op.textContent = s.operator;
      var audit = document.getElementById('audit-link');
      if (audit && s.role === 'supervisor') audit.classList.remove('hidden');
      return s;
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function hm(ms) {
    var d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function dateTime(ms) {
    var d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm(ms) + ':' + pad(d.getSeconds());
  }

  function duration(ms) {
    var m = Math.max(0, Math.floor(ms / 60000));
    if (m < 60) return m + ' min';
    return Math.floor(m / 60) + (window.I18N.lang() === 'nl' ? 'u ' : 'h ') + pad(m % 60) + 'm';
  }

  var STATES = { acknowledge: 'acknowledged', resolve: 'resolved', noise: 'noise' };
  function stateOf(action) { return STATES[action] || action; }

  window.Belfort = { stateOf: stateOf, api: api, loadSession: loadSession, el: el, hm: hm, dateTime: dateTime, duration: duration, toLogin: toLogin };
})();
