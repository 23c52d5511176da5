// Shows why the login page was (re)displayed: ?error=1|locked|expired|timeout, ?bye=1.
(function () {
  'use strict';
  function show() {
    var q = new URLSearchParams(window.location.search);
    var key = null;
    if (q.get('error') === 'locked') key = 'error_locked';
    else if (q.get('error') === 'expired') key = 'error_expired';
    else if (q.get('error') === 'timeout') key = 'error_timeout';
    else if (q.get('error')) key = 'error_login';
    else if (q.get('bye')) key = 'bye';
    var m = document.getElementById('message');
    if (key) {
      m.textContent = window.I18N.t(key);
      m.classList.remove('hidden');
      m.classList.toggle('ok', key === 'bye');
    }
  }
  document.addEventListener('DOMContentLoaded', function () {
    show();
    window.I18N.onChange(show);
  });
})();
