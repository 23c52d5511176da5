// The audit log page: filters by operator, alert, event and time range (local time in the form,
// sent as UTC instants), newest entries first.
(function () {
  'use strict';
  var B = window.Belfort;

  function iso(value) {
    return value ? new Date(value).toISOString() : '';
  }

  function search() {
    var q = new URLSearchParams();
    var f = {
      operator: document.getElementById('f-operator').value.trim(),
      alert: document.getElementById('f-alert').value.trim(),
      event: document.getElementById('f-event').value,
      from: iso(document.getElementById('f-from').value),
      to: iso(document.getElementById('f-to').value)
    };
    Object.keys(f).forEach(function (k) { if (f[k]) q.set(k, f[k]); });
    var err = document.getElementById('audit-error');
    err.classList.add('hidden');
    B.api('/api/audit?' + q.toString()).then(function (rows) {
      var body = document.getElementById('audit-rows');
      body.replaceChildren();
      rows.forEach(function (r) {
        var tr = B.el('tr', 'ev-' + r.event);
        [B.dateTime(r.at), r.operator, r.event, r.alertId || '', r.detail || ''].forEach(function (v) { tr.appendChild(B.el('td', null, v)); });
        body.appendChild(tr);
      });
      document.getElementById('audit-empty').classList.toggle('hidden', rows.length > 0);
    }).catch(function (e) {
      err.textContent = e.message;
      err.classList.remove('hidden');
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var q = new URLSearchParams(window.location.search);
    if (q.get('alert')) document.getElementById('f-alert').value = q.get('alert');
    document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); search(); });
    B.loadSession().then(search);
  });
})();
