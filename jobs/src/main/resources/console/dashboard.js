// The operator's dashboard: live alert feed (server-sent events), a tile-less map of Ghent's wijken
// and places with alert markers and activity per wijk, and the selected alert's detail with its
// count timeline against the baseline, evidence posts and the acknowledge/resolve/noise actions.
(function () {
  'use strict';
  var B = window.Belfort;
  var T = function (k) { return window.I18N.t(k); };
  var SEV_RANK = { low: 1, medium: 2, high: 3, critical: 4 };
  var CITY = { lat: 51.0543, lon: 3.7245 };
  var alerts = new Map();
  var fresh = new Map();
  var wijken = new Map();
  var selected = null;
  var detail = null;
  var map = null;
  var wijkLayers = new Map();
  var markerLayer = null;
  var chart = null;
  var activityTimer = null;

  function active(a) {
    return a.status !== 'resolved' && a.operatorState !== 'resolved' && a.operatorState !== 'noise';
  }

  function areaName(id) {
    if (id === 'gent') return T('city');
    var w = wijken.get(id);
    return w ? w.name : id;
  }

  function openFor(a) {
    var end = a.resolvedAt || Date.now();
    return B.duration(end - a.openedAt);
  }

  function ordered() {
    return Array.from(alerts.values()).sort(function (x, y) {
      return (active(y) - active(x)) || (SEV_RANK[y.severity] - SEV_RANK[x.severity]) || (y.updatedAt - x.updatedAt);
    });
  }

  // ------------------------------------------------------------------ feed

  function renderFeed() {
    var feed = document.getElementById('feed');
    feed.replaceChildren();
    var list = ordered();
    var open = 0;
    list.forEach(function (a) {
      if (active(a)) open++;
      var row = B.el('div', 'alert-row sev-' + a.severity + (active(a) ? '' : ' done') + (a.id === selected ? ' selected' : ''));
      if (fresh.has(a.id) && Date.now() - fresh.get(a.id) < 6000) row.classList.add('fresh');
      row.setAttribute('role', 'listitem');
      row.dataset.id = a.id;
      row.appendChild(B.el('span', 'sev', T('s_' + a.severity)));
      var main = B.el('span', 'row-main');
      main.appendChild(B.el('span', 'topic', a.topic));
      main.appendChild(B.el('span', 'area', areaName(a.area)));
      row.appendChild(main);
      var count = B.el('span', 'row-count');
      count.appendChild(B.el('span', 'count', String(a.count)));
      count.appendChild(B.el('span', 'base', '/ ' + Math.round(a.baseline)));
      row.appendChild(count);
      row.appendChild(B.el('span', 'row-open', openFor(a)));
      row.appendChild(B.el('span', 'state o-' + a.operatorState, T('o_' + a.operatorState)));
      row.addEventListener('click', function () { select(a.id); });
      feed.appendChild(row);
    });
    document.getElementById('feed-empty').classList.toggle('hidden', list.length > 0);
    document.getElementById('feed-count').textContent = open > 0 ? String(open) : '';
    renderMarkers();
  }

  function upsert(a) {
    var before = alerts.get(a.id);
    if (!before || before.updatedAt !== a.updatedAt || before.operatorState !== a.operatorState) fresh.set(a.id, Date.now());
    alerts.set(a.id, a);
  }

  // ------------------------------------------------------------------ map

  function initMap(layers) {
    layers.wijken.forEach(function (w) { wijken.set(w.id, w); });
    map = L.map('map', { zoomControl: false, attributionControl: false, zoomSnap: 0.1 });
    var bounds = L.latLngBounds([]);
    layers.wijken.forEach(function (w) {
      var c = L.circle([w.lat, w.lon], { radius: 650, className: 'wijk', weight: 1 }).addTo(map);
      label(c, w.name, false);
      c.on('click', function () { selectArea(w.id); });
      wijkLayers.set(w.id, c);
      bounds.extend([w.lat, w.lon]);
    });
    layers.places.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: 2.5, className: 'place', weight: 0, fillOpacity: 0.8 })
        .bindTooltip(p.name, { direction: 'top', className: 'place-label' }).addTo(map);
    });
    markerLayer = L.layerGroup().addTo(map);
    // The grid gives the map its size only after layout: measure again before fitting Ghent in.
    var fit = function () { map.invalidateSize(); map.fitBounds(bounds, { padding: [4, 4] }); };
    map.fitBounds(bounds, { padding: [4, 4] });
    new ResizeObserver(fit).observe(document.getElementById('map'));
  }

  // Central wijken lie too close for 25 permanent names: only wijken with activity keep theirs on screen.
  function label(layer, text, permanent) {
    layer.unbindTooltip();
    layer.bindTooltip(text, { permanent: permanent, direction: 'center', className: permanent ? 'wijk-label busy' : 'wijk-label' });
  }

  function renderMarkers() {
    if (!markerLayer) return;
    markerLayer.clearLayers();
    var perArea = new Map();
    ordered().filter(active).forEach(function (a) {
      var w = wijken.get(a.area) || CITY;
      var n = perArea.get(a.area) || 0;
      perArea.set(a.area, n + 1);
      // Alerts of one area fan out around its centre so that each stays clickable.
      var lat = w.lat + 0.0025 * Math.sin(n * 2.1) * Math.min(n, 1);
      var lon = w.lon + 0.004 * Math.cos(n * 2.1) * Math.min(n, 1);
      var m = L.circleMarker([lat, lon], {
        radius: 8 + 4 * SEV_RANK[a.severity], className: 'marker sev-' + a.severity + (a.id === selected ? ' selected' : ''), weight: 3
      });
      m.bindTooltip(a.topic + ' · ' + areaName(a.area) + ' · ' + a.count, { direction: 'top', className: 'marker-label' });
      m.on('click', function () { select(a.id); });
      m.addTo(markerLayer);
    });
  }

  function loadActivity() {
    return B.api('/api/activity').then(function (rows) {
      var max = rows.reduce(function (m, r) { return Math.max(m, r.posts); }, 1);
      wijkLayers.forEach(function (layer, id) {
        var r = rows.find(function (x) { return x.area === id; });
        var level = r ? Math.max(0.12, r.posts / max) : 0;
        layer.setStyle({ fillOpacity: 0.05 + 0.5 * level });
        var el = layer.getElement();
        if (el) el.classList.toggle('busy', !!(r && r.open > 0));
        label(layer, wijken.get(id).name + (r ? ' · ' + r.posts : ''), !!r);
      });
    });
  }

  function activitySoon() {
    if (activityTimer) return;
    activityTimer = setTimeout(function () { activityTimer = null; loadActivity(); }, 1000);
  }

  function selectArea(id) {
    var a = ordered().find(function (x) { return x.area === id; });
    if (a) select(a.id);
  }

  // ------------------------------------------------------------------ detail

  function select(id) {
    selected = id;
    renderFeed();
    loadDetail();
  }

  function loadDetail() {
    if (!selected) return;
    var id = selected;
    B.api('/api/alerts/' + encodeURIComponent(id)).then(function (d) {
      if (id !== selected) return;
      detail = d;
      alerts.set(d.alert.id, d.alert);
      renderDetail();
    });
  }

  function renderDetail() {
    var panel = document.getElementById('detail');
    document.getElementById('detail-empty').classList.toggle('hidden', !!detail);
    panel.classList.toggle('hidden', !detail);
    if (!detail) return;
    var a = detail.alert;
    var sev = document.getElementById('d-severity');
    sev.className = 'sev sev-' + a.severity;
    sev.textContent = T('s_' + a.severity);
    document.getElementById('d-title').textContent = a.topic + ' · ' + areaName(a.area);
    var st = document.getElementById('d-state');
    st.className = 'state o-' + a.operatorState;
    st.textContent = T('o_' + a.operatorState) + ' · ' + T('st_' + a.status);
    document.getElementById('d-count').textContent = String(a.count);
    document.getElementById('d-baseline').textContent = a.baseline.toFixed(1) + ' (score ' + a.score.toFixed(1) + ')';
    document.getElementById('d-open').textContent = openFor(a) + ' (' + B.hm(a.openedAt) + ')';
    document.getElementById('d-terms').textContent = a.topTerms.join(', ') || '–';
    renderChart();
    renderEvidence(a);
    var log = document.getElementById('action-log');
    log.replaceChildren();
    detail.actions.forEach(function (x) {
      var li = B.el('li');
      li.appendChild(B.el('span', 'when', B.hm(x.actedAt)));
      li.appendChild(B.el('span', 'who', x.operator));
      li.appendChild(B.el('span', 'what o-' + B.stateOf(x.action), T('a_' + x.action)));
      if (x.note) li.appendChild(B.el('span', 'note', x.note));
      log.appendChild(li);
    });
  }

  function renderChart() {
    var box = document.getElementById('chart');
    var pts = detail.timeline;
    var xs = pts.map(function (p) { return p.windowEnd / 1000; });
    var counts = pts.map(function (p) { return p.count; });
    var base = pts.map(function (p) { return p.baseline; });
    var hasSpread = pts.some(function (p) { return p.spread != null; });
    var data = [xs, counts, base];
    var series = [{},
      { label: T('count'), stroke: '#ff6b4a', width: 3, points: { size: 8, fill: '#ff6b4a' } },
      { label: T('baseline'), stroke: '#7fb4ff', width: 2, dash: [8, 6] }];
    var bands = [];
    if (hasSpread) {
      data.push(pts.map(function (p) { return p.baseline + (p.spread || 0); }));
      data.push(pts.map(function (p) { return Math.max(0, p.baseline - (p.spread || 0)); }));
      series.push({ label: '+σ', stroke: 'rgba(127,180,255,0.4)', width: 1 });
      series.push({ label: '−σ', stroke: 'rgba(127,180,255,0.4)', width: 1 });
      bands.push({ series: [3, 4], fill: 'rgba(127,180,255,0.18)' });
    }
    // A young alert has one or two points: show at least the last hour so the axis reads as clock time.
    var last = xs.length ? xs[xs.length - 1] : Date.now() / 1000;
    var xRange = [Math.min(xs.length ? xs[0] : last, last - 3600), last + 300];
    var axis = { stroke: '#c9d3e0', grid: { stroke: '#2a3342' }, ticks: { stroke: '#2a3342' }, font: '14px sans-serif' };
    var opts = {
      width: Math.max(300, box.clientWidth), height: 220, series: series, bands: bands,
      scales: { x: { time: true, auto: false, range: xRange }, y: { range: function (u, min, max) { return [0, Math.max(max * 1.15, 1)]; } } },
      axes: [axis, Object.assign({}, axis, { size: 50 })],
      legend: { show: true }
    };
    if (chart) chart.destroy();
    box.replaceChildren();
    chart = new uPlot(opts, data, box);
  }

  function highlighted(text, terms) {
    var frag = document.createDocumentFragment();
    var lower = text.toLowerCase();
    var wanted = terms.map(function (t) { return t.toLowerCase(); }).filter(function (t) { return t.length > 1; });
    var i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      wanted.forEach(function (t) {
        var at = lower.indexOf(t, i);
        if (at >= 0 && (best < 0 || at < best || (at === best && t.length > len))) { best = at; len = t.length; }
      });
      if (best < 0) { frag.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) frag.appendChild(document.createTextNode(text.slice(i, best)));
      frag.appendChild(B.el('mark', null, text.slice(best, best + len)));
      i = best + len;
    }
    return frag;
  }

  function renderEvidence(a) {
    var ul = document.getElementById('evidence');
    ul.replaceChildren();
    if (detail.evidence.length === 0) ul.appendChild(B.el('li', 'empty', T('no_evidence')));
    detail.evidence.forEach(function (e) {
      var li = B.el('li');
      var meta = B.el('div', 'meta');
      meta.appendChild(B.el('span', 'post-id', e.postId));
      if (e.author) {
        var au = B.el('span', 'author', e.author);
        au.title = T('author');
        meta.appendChild(au);
      }
      if (e.createdAt) meta.appendChild(B.el('span', 'when', B.hm(e.createdAt)));
      li.appendChild(meta);
      if (e.text) {
        var p = B.el('p', 'text');
        p.appendChild(highlighted(e.text, e.terms.length ? e.terms : a.topTerms));
        li.appendChild(p);
      }
      ul.appendChild(li);
    });
  }

  function act(action) {
    if (!selected) return;
    var buttons = document.querySelectorAll('button.act');
    buttons.forEach(function (b) { b.disabled = true; });
    var err = document.getElementById('action-error');
    err.classList.add('hidden');
    var note = document.getElementById('note');
    B.api('/api/alerts/' + encodeURIComponent(selected) + '/actions', { method: 'POST', body: { action: action, note: note.value } })
      .then(function (a) {
        note.value = '';
        upsert(a);
        renderFeed();
        loadDetail();
        activitySoon();
      })
      .catch(function (e) {
        err.textContent = T('action_failed') + ': ' + e.message;
        err.classList.remove('hidden');
      })
      .finally(function () { buttons.forEach(function (b) { b.disabled = false; }); });
  }

  // ------------------------------------------------------------------ live

  function connect() {
    var live = document.getElementById('live');
    var source = new EventSource('/api/stream');
    source.onopen = function () {
      live.classList.remove('off');
      live.dataset.i18n = 'live';
      live.textContent = T('live');
      // Catch up on whatever changed while disconnected.
      B.api('/api/alerts').then(function (list) { list.forEach(upsert); renderFeed(); });
    };
    source.addEventListener('alert', function (ev) {
      var a = JSON.parse(ev.data);
      upsert(a);
      renderFeed();
      activitySoon();
      if (a.id === selected) loadDetail();
    });
    source.onerror = function () {
      live.classList.add('off');
      live.dataset.i18n = 'offline';
      live.textContent = T('offline');
      // A closed feed may mean the session timed out: the session call then goes to the login page.
      B.api('/api/session').catch(function () {});
    };
  }

  function tick() {
    document.getElementById('clock').textContent = B.hm(Date.now()) + ':' + String(new Date().getSeconds()).padStart(2, '0');
    document.querySelectorAll('.alert-row').forEach(function (row) {
      var a = alerts.get(row.dataset.id);
      if (a) row.querySelector('.row-open').textContent = openFor(a);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('button.act').forEach(function (b) {
      b.addEventListener('click', function () { act(b.dataset.action); });
    });
    window.I18N.onChange(function () { renderFeed(); renderDetail(); });
    B.loadSession()
      .then(function () { return B.api('/api/map'); })
      .then(function (layers) {
        initMap(layers);
        return B.api('/api/alerts');
      })
      .then(function (list) {
        list.forEach(function (a) { alerts.set(a.id, a); });
        renderFeed();
        loadActivity();
        connect();
        tick();
        setInterval(tick, 1000);
      });
  });
})();
