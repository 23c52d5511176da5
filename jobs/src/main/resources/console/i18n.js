// Labels in Dutch (default) and English. Elements carry data-i18n="key" (text) or
// data-i18n-placeholder="key"; the choice is kept per browser.
(function () {
  'use strict';
  var LABELS = {
    nl: {
      title: 'Belfort · Controlekamer',
      login_title: 'Aanmelden',
      username: 'Gebruikersnaam',
      password: 'Wachtwoord',
      sign_in: 'Aanmelden',
      error_login: 'Gebruikersnaam of wachtwoord onjuist.',
      error_locked: 'Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw.',
      error_expired: 'Het formulier was verlopen. Probeer opnieuw.',
      error_timeout: 'Sessie verlopen wegens inactiviteit. Meld opnieuw aan.',
      bye: 'U bent afgemeld.',
      login_note: 'Toegang alleen voor bevoegd personeel. Elke raadpleging en actie wordt gelogd.',
      feed: 'Meldingen',
      live: 'LIVE',
      offline: 'GEEN VERBINDING',
      map: 'Kaart van Gent',
      detail: 'Detail',
      no_alerts: 'Geen meldingen.',
      select_alert: 'Kies een melding in de lijst of op de kaart.',
      severity: 'Ernst',
      topic: 'Onderwerp',
      area: 'Wijk',
      count: 'Aantal',
      baseline: 'basislijn',
      open_for: 'Open sinds',
      state: 'Status',
      acknowledge: 'Bevestigen',
      resolve: 'Afhandelen',
      noise: 'Ruis',
      note: 'Notitie (optioneel)',
      timeline: 'Verloop (berichten per venster)',
      evidence: 'Berichten',
      actions_done: 'Acties',
      no_evidence: 'Geen berichten opgeslagen.',
      terms: 'Termen',
      logout: 'Afmelden',
      audit: 'Auditlog',
      audit_title: 'Auditlog: wie bekeek en wie handelde',
      back: 'Terug naar dashboard',
      operator: 'Operator',
      alert: 'Melding',
      event: 'Gebeurtenis',
      from: 'Vanaf',
      to: 'Tot',
      search: 'Zoeken',
      any: '(alle)',
      at: 'Tijdstip',
      detail_col: 'Detail',
      no_entries: 'Geen regels.',
      action_failed: 'Actie mislukt',
      s_low: 'laag', s_medium: 'middel', s_high: 'hoog', s_critical: 'kritiek',
      st_open: 'open', st_update: 'update', st_resolved: 'voorbij',
      o_new: 'nieuw', o_acknowledged: 'bevestigd', o_resolved: 'afgehandeld', o_noise: 'ruis',
      a_acknowledge: 'bevestigd', a_resolve: 'afgehandeld', a_noise: 'ruis',
      activity: 'Activiteit per wijk',
      city: 'heel Gent',
      posts: 'berichten',
      author: 'auteur (pseudoniem)'
    },
    en: {
      title: 'Belfort · Control room',
      login_title: 'Sign in',
      username: 'Username',
      password: 'Password',
      sign_in: 'Sign in',
      error_login: 'Wrong username or password.',
      error_locked: 'Too many failed attempts. Try again in a few minutes.',
      error_expired: 'The form had expired. Please try again.',
      error_timeout: 'Session timed out after inactivity. Please sign in again.',
      bye: 'You are signed out.',
      login_note: 'Authorised staff only. Every view and action is logged.',
      feed: 'Alerts',
      live: 'LIVE',
      offline: 'DISCONNECTED',
      map: 'Map of Ghent',
      detail: 'Detail',
      no_alerts: 'No alerts.',
      select_alert: 'Pick an alert in the list or on the map.',
      severity: 'Severity',
      topic: 'Topic',
      area: 'Area',
      count: 'Count',
      baseline: 'baseline',
      open_for: 'Open for',
      state: 'State',
      acknowledge: 'Acknowledge',
      resolve: 'Resolve',
      noise: 'Noise',
      note: 'Note (optional)',
      timeline: 'Timeline (posts per window)',
      evidence: 'Posts',
      actions_done: 'Actions',
      no_evidence: 'No posts stored.',
      terms: 'Terms',
      logout: 'Sign out',
      audit: 'Audit log',
      audit_title: 'Audit log: who viewed and who acted',
      back: 'Back to dashboard',
      operator: 'Operator',
      alert: 'Alert',
      event: 'Event',
      from: 'From',
      to: 'To',
      search: 'Search',
      any: '(any)',
      at: 'Time',
      detail_col: 'Detail',
      no_entries: 'No entries.',
      action_failed: 'Action failed',
      s_low: 'low', s_medium: 'medium', s_high: 'high', s_critical: 'critical',
      st_open: 'open', st_update: 'update', st_resolved: 'over',
      o_new: 'new', o_acknowledged: 'acknowledged', o_resolved: 'resolved', o_noise: 'noise',
      a_acknowledge: 'acknowledged', a_resolve: 'resolved', a_noise: 'noise',
      activity: 'Activity per area',
      city: 'all of Ghent',
      posts: 'posts',
      author: 'author (pseudonym)'
    }
  };
  var KEY = 'belfort.lang';

  function lang() {
    var l = null;
    try { l = window.localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    return l === 'en' ? 'en' : 'nl';
  }

  function t(key) {
    var table = LABELS[lang()];
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
  }

  function apply(root) {
    (root || document).querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = t(el.dataset.i18n); });
    (root || document).querySelectorAll('[data-i18n-placeholder]').forEach(function (el) { el.placeholder = t(el.dataset.i18nPlaceholder); });
    document.documentElement.lang = lang();
    document.querySelectorAll('[data-lang]').forEach(function (b) {
      b.classList.toggle('active', b.dataset.lang === lang());
    });
  }

  var listeners = [];
  function setLang(l) {
    try { window.localStorage.setItem(KEY, l); } catch (e) { /* storage disabled */ }
    apply();
    listeners.forEach(function (f) { f(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-lang]').forEach(function (b) {
      b.addEventListener('click', function () { setLang(b.dataset.lang); });
    });
    apply();
  });

  window.I18N = { t: t, apply: apply, lang: lang, onChange: function (f) { listeners.push(f); } };
})();
