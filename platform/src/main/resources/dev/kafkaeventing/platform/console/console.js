// The kafka-eventing web console: one page over the admin API beside it (the same API the CLI
// uses). Text from the platform is only ever set as textContent, never parsed as HTML.
'use strict';

const POLL_MS = 2000;
const state = {
  namespace: '',
  topology: null,
  previous: new Map(),   // route key -> {delivered, at}
  rates: new Map(),      // route key -> events/s
  positions: new Map(),  // node id -> [x, y], kept so the graph does not jump between polls
  graphKey: '',
  selected: null,        // {kind, namespace, name}
  tail: null,            // AbortController of the running tail
};
window.consoleState = state;

// ---- small helpers -------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The admin API's bearer token (`up` writes it into its data directory: admin-token, or read-token
// for a read-only console). Kept for this tab only; taken from a #token=… fragment (never sent to
// the server) or asked for on the first 401.
const TOKEN_KEY = 'kafka-eventing-token';
(function tokenFromFragment() {
  const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
})();

function authHeaders(headers = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  return headers;
}

// fetch with the token; on 401 asks for a token once and tries again.
async function authorizedFetch(path, options = {}) {
  let response = await fetch(path, { ...options, headers: authHeaders({ ...(options.headers || {}) }) });
  if (response.status === 401) {
    const token = window.prompt('Admin API token (the admin-token or read-token file in the platform\'s data directory):');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
      response = await fetch(path, { ...options, headers: authHeaders({ ...(options.headers || {}) }) });
    }
  }
  return response;
}

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await authorizedFetch(path, options);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* plain text answer */ }
  if (!response.ok) {
    const reason = json && (json.error || (json.errors && json.errors.join('\n'))) || text;
    throw new Error(response.status + ': ' + reason);
  }
  return json;
}

function kindPath(kind) { return String(kind).toLowerCase(); }
function setStatus(text) { document.getElementById('status').textContent = text; }
function fmtRate(rate) { return rate === undefined ? '–' : rate >= 10 ? rate.toFixed(0) + '/s' : rate.toFixed(1) + '/s'; }

// A small YAML rendering of JSON values, for showing specs.
function yaml(value, indent = '') {
  if (value === null || typeof value !== 'object') return scalar(value);
  const lines = [];
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    for (const item of value) {
      const inner = yaml(item, indent + '  ');
      lines.push(indent + '- ' + (typeof item === 'object' && item !== null ? inner.trimStart() : inner));
    }
  } else {
    const keys = Object.keys(value);
    if (!keys.length) return '{}';
    for (const key of keys) {
      const item = value[key];
      if (item !== null && typeof item === 'object' && Object.keys(item).length) {
        lines.push(indent + key + ':\n' + yaml(item, indent + '  '));
      } else {
        lines.push(indent + key + ': ' + yaml(item, indent + '  '));
      }
    }
  }
  return lines.join('\n');
}
function scalar(value) {
  if (typeof value === 'string') return /^[\w./:@-][\w ./:@-]*$/.test(value) && !/^(true|false|null|[\d.]+)$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

// ---- tabs ----------------------------------------------------------------------------------

function showTab() {
  const tab = (location.hash.replace('#', '') || 'topology').split('/')[0];
  for (const section of document.querySelectorAll('.tab')) section.hidden = section.id !== 'tab-' + tab;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.tab === tab);
  if (tab === 'topology' && chart) chart.resize();
}

// ---- topology ------------------------------------------------------------------------------

const CATEGORIES = [
  { name: 'Broker', color: '#2f6fde' }, { name: 'Trigger', color: '#7b5cd6' },
  { name: 'Channel', color: '#0f9aa8' }, { name: 'Subscription', color: '#4db6c4' },
  { name: 'Flow', color: '#c26d1d' }, { name: 'Source', color: '#2f9e5b' },
  { name: 'Service', color: '#d0567f' }, { name: 'Revision', color: '#e89ab4' },
  { name: 'Destination', color: '#8a97a6' },
];
function category(kind) {
  switch (kindPath(kind)) {
    case 'broker': return 0;
    case 'trigger': return 1;
    case 'channel': case 'inmemorychannel': case 'kafkachannel': return 2;
    case 'subscription': return 3;
    case 'sequence': case 'parallel': return 4;
    case 'pingsource': case 'kafkasource': case 'containersource': case 'apiserversource': return 5;
    case 'service': return 6;
    case 'revision': return 7;
    default: return 8;
  }
}

let chart = null;

function routeKeyOf(node) { return node.id; }

function updateRates(topology) {
  const now = performance.now();
  for (const node of topology.nodes) {
    if (!node.counters) continue;
    const key = routeKeyOf(node);
    const done = node.counters.delivered + node.counters.failed + node.counters.deadLettered;
    const before = state.previous.get(key);
    if (before && now > before.at) {
      state.rates.set(key, Math.max(0, (done - before.done) * 1000 / (now - before.at)));
    }
    state.previous.set(key, { done, at: now });
  }
}

function edgeLabel(edge, byId) {
  const from = byId.get(edge.source);
  const counters = edge.counters || (from && from.counters && edge.label === 'subscriber' ? from.counters : null);
  if (!counters) return edge.label || '';
  if (edge.label === 'dead letter') return 'dead letter · ' + (counters.deadLettered || 0);
  const rate = state.rates.get(edge.source);
  return fmtRate(rate) + ' · pending ' + counters.pending + ' · parked ' + counters.parked;
}

function hub(node) {
  return !node.external && [0, 2, 4].includes(category(node.kind));
}

function renderGraph(topology) {
  const byId = new Map(topology.nodes.map(node => [node.id, node]));
  const big = topology.nodes.length > 150;
  const nodes = topology.nodes.map(node => {
    const notReady = node.ready === 'False';
    const position = state.positions.get(node.id);
    let label = node.name || node.id;
    if (node.replicas) label += '  ×' + node.replicas;
    if (notReady) label += '\n⚠ ' + (node.reason || 'not ready');
    return {
      id: node.id, name: node.id, value: node.kind, category: category(node.kind),
      symbolSize: (node.external ? 14 : hub(node) ? 34 : 24) * (big ? 0.5 : 1),
      x: position ? position[0] : undefined, y: position ? position[1] : undefined, fixed: !!position,
      // A large graph names only its hubs and what is not ready; hovering names the rest.
      label: { show: !big || hub(node) || notReady, formatter: label, color: notReady ? '#d64545' : '#1f2933' },
      emphasis: { label: { show: true } },
      itemStyle: notReady ? { borderColor: '#d64545', borderWidth: 4 }
        : node.external ? { opacity: 0.6 } : { borderColor: '#fff', borderWidth: 1.5 },
      raw: node,
    };
  });
  const links = topology.edges.map(edge => ({
    source: edge.source, target: edge.target,
    label: { show: !big, formatter: edgeLabel(edge, byId) },
    lineStyle: edge.label === 'dead letter' ? { type: 'dashed', color: '#d64545', opacity: 0.9 }
      : edge.counters ? { width: 2.5, color: '#5b7fb8', opacity: 0.9 } : { color: '#9aa8b8', opacity: 0.9 },
  }));
  const option = {
    animation: !big,
    legend: [{ data: CATEGORIES.map(c => c.name), bottom: 6, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 11 } }],
    tooltip: { formatter: params => tooltip(params) },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true,
      categories: CATEGORIES.map(c => ({ name: c.name, itemStyle: { color: c.color } })),
      // Laid out a step per frame (layoutAnimation), so even a large graph never blocks the page.
      force: { repulsion: big ? 60 : 900, edgeLength: big ? 30 : [150, 230], gravity: big ? 0.2 : 0.06, layoutAnimation: true },
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
      label: { position: 'right', fontSize: 12 },
      edgeLabel: { fontSize: 12, color: '#1f2933', fontWeight: 500, backgroundColor: 'rgba(255,255,255,0.92)',
        borderRadius: 3, padding: [2, 4] },
      emphasis: { focus: 'adjacency' },
      data: nodes, links,
    }],
  };
  const key = nodes.map(n => n.id).join('|') + '#' + links.map(l => l.source + '>' + l.target).join('|');
  if (key !== state.graphKey) {
    chart.setOption(option, { replaceMerge: ['series'] });
    state.graphKey = key;
    setTimeout(rememberPositions, big ? 5000 : 1500);
  } else {
    // Same shape: only labels change; the layout stays where it is.
    chart.setOption({ series: [{ links: links }] });
  }
}

function rememberPositions() {
  const series = chart.getModel().getSeriesByIndex(0);
  if (!series) return;
  const data = series.getData();
  for (let i = 0; i < data.count(); i++) {
    const layout = data.getItemLayout(i);
    if (layout) state.positions.set(data.getName(i), [layout[0], layout[1]]);
  }
}

function tooltip(params) {
  if (params.dataType === 'edge') return params.data.label.formatter;
  const node = params.data.raw;
  const lines = [node.kind + ' ' + (node.namespace ? node.namespace + '/' : '') + node.name];
  if (node.ready) lines.push('Ready: ' + node.ready + (node.reason ? ' (' + node.reason + ')' : ''));
  if (node.message) lines.push(node.message);
  if (node.replicas) lines.push('replicas ready/desired: ' + node.replicas);
  // echarts puts the tooltip string into HTML: escape what the platform sent.
  return lines.map(line => line.replace(/[&<>"']/g, c => '&#' + c.charCodeAt(0) + ';')).join('<br>');
}

function renderRoutes(topology) {
  const body = document.querySelector('#routes tbody');
  const byId = new Map(topology.nodes.map(node => [node.id, node]));
  const rows = [];
  for (const edge of topology.edges) {
    const route = byId.get(edge.source);
    if (!route || !route.counters || edge.label === 'dead letter' || edge.label === 'reply') continue;
    const from = topology.edges.find(e => e.target === edge.source);
    const c = route.counters;
    rows.push(el('tr', { class: 'clickable', 'data-route': route.id, onclick: () => select(route) },
      el('td', {}, route.kind + ' ' + route.name, route.ready === 'False' ? el('span', { class: 'badge False' }, ' ' + (route.reason || 'not ready')) : null),
      el('td', {}, from ? (byId.get(from.source) || {}).name || from.source : ''),
      el('td', {}, (byId.get(edge.target) || {}).name || edge.target),
      el('td', { class: 'num', 'data-field': 'rate' }, fmtRate(state.rates.get(route.id))),
      el('td', { class: 'num', 'data-field': 'delivered' }, c.delivered),
      el('td', { class: 'num', 'data-field': 'pending' }, c.pending),
      el('td', { class: 'num', 'data-field': 'parked' }, c.parked),
      el('td', { class: 'num', 'data-field': 'failed' }, c.failed)));
  }
  body.replaceChildren(...rows.slice(0, 500));
}

function renderTargets(topology) {
  const tailTargets = topology.nodes.filter(n => !n.external && ['broker', 'channel', 'inmemorychannel', 'kafkachannel', 'trigger'].includes(kindPath(n.kind)));
  for (const [id, kinds] of [['tail-target', null], ['play-target', ['broker', 'channel', 'inmemorychannel', 'kafkachannel']]]) {
    const select = document.getElementById(id);
    const current = select.value;
    const options = tailTargets.filter(n => !kinds || kinds.includes(kindPath(n.kind)))
      .map(n => el('option', { value: kindPath(n.kind) + '/' + n.namespace + '/' + n.name }, kindPath(n.kind) + '/' + n.namespace + '/' + n.name));
    const key = options.map(o => o.value).join('|');
    if (select.dataset.key !== key) {
      select.replaceChildren(...options);
      select.dataset.key = key;
      if (current) select.value = current;
    }
  }
  const namespaces = document.getElementById('namespace');
  const key = topology.namespaces.join('|');
  if (namespaces.dataset.key !== key) {
    namespaces.replaceChildren(el('option', { value: '' }, 'all'), ...topology.namespaces.map(ns => el('option', { value: ns }, ns)));
    namespaces.dataset.key = key;
    namespaces.value = state.namespace;
  }
}

async function pollTopology() {
  try {
    const query = state.namespace ? '?namespace=' + encodeURIComponent(state.namespace) : '';
    const topology = await api('GET', '/api/v1/topology' + query);
    state.topology = topology;
    updateRates(topology);
    renderGraph(topology);
    renderRoutes(topology);
    renderTargets(topology);
    refreshSelectedCounters(topology);
    const notice = document.getElementById('truncated');
    notice.hidden = !topology.truncated;
    notice.textContent = topology.truncated ? 'Showing ' + topology.shown + ' of ' + topology.total
      + ' resources; pick a namespace to see the rest.' : '';
    setStatus('updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    setStatus('topology: ' + e.message);
  }
  setTimeout(pollTopology, POLL_MS);
}

function refreshSelectedCounters(topology) {
  const selected = state.selected;
  if (!selected) return;
  const node = topology.nodes.find(n => kindPath(n.kind) === selected.kind && n.namespace === selected.namespace && n.name === selected.name);
  if (!node || !node.counters) return;
  for (const [key, value] of Object.entries(node.counters)) {
    const cell = document.querySelector('#resource-counters [data-counter="' + key + '"] b');
    if (cell) cell.textContent = value;
  }
}

// ---- a resource's page ---------------------------------------------------------------------

function select(node) {
  if (!node || node.kind === 'URI' || node.external) return;
  state.selected = { kind: kindPath(node.kind), namespace: node.namespace, name: node.name };
  showResource();
}

async function showResource() {
  const panel = document.getElementById('resource');
  const { kind, namespace, name } = state.selected;
  const path = kind + '/' + encodeURIComponent(namespace) + '/' + encodeURIComponent(name);
  let described;
  try {
    described = await api('GET', '/api/v1/describe/' + path);
  } catch (e) {
    panel.replaceChildren(el('p', { class: 'error' }, e.message));
    return;
  }
  const resource = described.resource;
  const details = described.details || {};
  const conditions = (resource.status && resource.status.conditions) || [];
  const ready = conditions.find(c => c.type === 'Ready');
  const parts = [
    el('h2', {}, resource.kind + ' ' + namespace + '/' + name),
    ready ? el('span', { class: 'badge ' + ready.status }, 'Ready ' + ready.status + (ready.reason ? ' · ' + ready.reason : '')) : null,
  ];
  const counters = details.counters;
  if (counters) {
    parts.push(el('h3', {}, 'Counters'), el('div', { class: 'counters', id: 'resource-counters' },
      Object.entries(Object.assign({}, counters, { parked: details.parked }))
        .map(([k, v]) => el('div', { 'data-counter': k }, el('b', {}, v), el('span', {}, k)))));
  }
  const parkedKind = { trigger: 'trigger', subscription: 'subscription', kafkasource: 'kafkasource' }[kind];
  if (parkedKind) parts.push(el('h3', {}, 'Parked events'), el('div', { id: 'parked' }, el('p', { class: 'muted' }, 'reading…')));
  if (kind === 'trigger' || kind === 'subscription') parts.push(el('h3', {}, 'Recent deliveries'), el('div', { id: 'recent' }, el('p', { class: 'muted' }, 'reading…')));
  parts.push(el('h3', {}, 'Conditions'), el('table', { class: 'grid' },
    el('thead', {}, el('tr', {}, el('th', {}, 'type'), el('th', {}, 'status'), el('th', {}, 'reason / message'))),
    el('tbody', {}, conditions.map(c => el('tr', {}, el('td', {}, c.type), el('td', {}, el('span', { class: 'badge ' + c.status }, c.status)),
      el('td', {}, [c.reason, c.message].filter(Boolean).join(': ')))))));
  parts.push(el('h3', {}, 'Spec'), el('pre', {}, yaml(resource.spec || {})));
  const other = Object.fromEntries(Object.entries(details).filter(([k]) => k !== 'counters' && k !== 'parked'));
  if (Object.keys(other).length) parts.push(el('h3', {}, 'Details'), el('pre', {}, yaml(other)));
  panel.replaceChildren(...parts.filter(Boolean));
  if (kind === 'trigger' || kind === 'subscription') loadRecent(path);
  if (parkedKind) loadParked(parkedKind, namespace, name);
}

async function loadRecent(path) {
  const box = document.getElementById('recent');
  try {
    const recent = await api('GET', '/api/v1/recent-deliveries/' + path + '?last=20');
    box.replaceChildren(recent.events.length ? el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, el('th', {}, 'time'), el('th', {}, 'id'), el('th', {}, 'type'), el('th', {}, 'status'))),
      el('tbody', {}, recent.events.map(e => el('tr', {},
        el('td', {}, new Date(e.time).toLocaleTimeString()), el('td', {}, e.id), el('td', {}, e.type),
        el('td', {}, el('span', { class: 'badge ' + e.status }, e.status === 'parked' ? 'parked · ' + (e.lastStatus || e.error || '') : e.status))))))
      : el('p', { class: 'muted', id: 'recent-none' }, 'none among the last ' + recent.scanned + ' events per partition'));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

async function loadParked(kind, namespace, name) {
  const box = document.getElementById('parked');
  const base = '/api/v1/parked/' + encodeURIComponent(namespace) + '/' + encodeURIComponent(name);
  const query = '?kind=' + kind;
  let parked;
  try {
    parked = await api('GET', base + query);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error' }, e.message));
    return;
  }
  const act = async (action, selection, question) => {
    if (question && !confirm(question)) return;
    try {
      const answer = await api('POST', base + '/' + action + query, selection);
      setStatus(action + ': ' + (answer.redriven || answer.purged || []).length + ' event(s)');
    } catch (e) {
      setStatus(action + ' failed: ' + e.message);
    }
    showResource();
  };
  if (!parked.items.length) {
    box.replaceChildren(el('p', { class: 'muted', id: 'parked-none' }, 'none parked'));
    return;
  }
  box.replaceChildren(
    el('div', { class: 'actions' },
      el('button', { id: 'redrive-all', onclick: () => act('redrive', { all: true }) }, 'Redrive all'),
      el('button', { class: 'danger', onclick: () => act('purge', { all: true }, 'Purge all ' + parked.items.length + ' parked events?') }, 'Purge all')),
    el('table', { class: 'grid' },
      el('thead', {}, el('tr', {}, el('th', {}, 'parked at'), el('th', {}, 'status'), el('th', {}, 'attempts'), el('th', {}, ''))),
      el('tbody', {}, parked.items.map(item => el('tr', { 'data-parked': item.id },
        el('td', { title: item.id }, new Date(item.parkedAt).toLocaleTimeString()),
        el('td', { title: item.error || '' }, item.status || item.error || ''),
        el('td', { class: 'num' }, item.attempts),
        el('td', {}, el('div', { class: 'actions' },
          el('button', { class: 'small', onclick: () => showParked(item.id) }, 'show'),
          el('button', { class: 'small redrive', onclick: () => act('redrive', { ids: [item.id] }) }, 'redrive'),
          el('button', { class: 'small danger', onclick: () => act('purge', { ids: [item.id] }, 'Purge this event?') }, 'purge'))))))));
}

async function showParked(id) {
  try {
    const event = await api('GET', '/api/v1/parked-events/' + encodeURIComponent(id));
    document.getElementById('event-json').textContent = JSON.stringify(event, null, 2);
    document.getElementById('event-dialog').showModal();
  } catch (e) {
    setStatus(e.message);
  }
}

// ---- live tail -----------------------------------------------------------------------------

async function startTail(submit) {
  submit.preventDefault();
  stopTail();
  const target = document.getElementById('tail-target').value;
  if (!target) return;
  const filter = document.getElementById('tail-filter').value.trim();
  const [kind, namespace, name] = target.split('/');
  const url = '/api/v1/tail/' + kind + '/' + encodeURIComponent(namespace) + '/' + encodeURIComponent(name)
    + (filter ? '?cesql=' + encodeURIComponent(filter) : '');
  const controller = new AbortController();
  state.tail = controller;
  const tailState = document.getElementById('tail-state');
  const rows = document.querySelector('#tail-table tbody');
  rows.replaceChildren();
  document.getElementById('tail-stop').disabled = false;
  try {
    const response = await authorizedFetch(url, { signal: controller.signal });
    if (!response.ok) {
      const json = await response.json().catch(() => ({}));
      throw new Error(response.status + ': ' + (json.error || response.statusText));
    }
    tailState.textContent = 'following ' + target;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (line.event) {
          const e = line.event;
          rows.prepend(el('tr', {}, el('td', {}, new Date(line.time).toLocaleTimeString()), el('td', {}, e.id),
            el('td', {}, e.type), el('td', {}, e.source), el('td', {}, e.subject || ''), el('td', { class: 'num' }, line.size)));
          while (rows.children.length > 500) rows.lastChild.remove();
        } else if (line.dropped) {
          tailState.textContent = 'following ' + target + ' · ' + line.dropped + ' dropped (the page read too slowly)';
        }
      }
    }
    tailState.textContent = 'ended';
  } catch (e) {
    tailState.textContent = e.name === 'AbortError' ? 'stopped' : e.message;
    tailState.className = e.name === 'AbortError' ? 'muted' : 'error';
  }
  document.getElementById('tail-stop').disabled = true;
}

function stopTail() {
  if (state.tail) state.tail.abort();
  state.tail = null;
  document.getElementById('tail-state').className = 'muted';
}

// ---- filter playground ---------------------------------------------------------------------

async function evaluate(submit) {
  submit.preventDefault();
  const target = document.getElementById('play-target').value;
  const dialect = document.getElementById('play-dialect').value;
  const text = document.getElementById('play-expr').value;
  const result = document.getElementById('play-result');
  const rows = document.querySelector('#play-table tbody');
  const body = { last: Number(document.getElementById('play-last').value) || 50 };
  try {
    if (dialect === 'cesql' || dialect === 'cel') body[dialect] = text;
    else body[dialect] = JSON.parse(text);
  } catch (e) {
    result.className = 'error';
    result.textContent = dialect + ': not JSON: ' + e.message;
    return;
  }
  try {
    const [kind, namespace, name] = target.split('/');
    const answer = await api('POST', '/api/v1/filter-test/' + kind + '/' + encodeURIComponent(namespace) + '/' + encodeURIComponent(name), body);
    result.className = '';
    result.textContent = answer.matched + ' of the last ' + answer.evaluated + ' events match';
    rows.replaceChildren(...answer.events.map(e => el('tr', { class: e.matches ? 'match' : 'nomatch' },
      el('td', {}, e.matches ? '✓' : '✗'), el('td', {}, new Date(e.time).toLocaleTimeString()), el('td', {}, e.id),
      el('td', {}, e.type), el('td', {}, e.source), el('td', {}, e.subject || ''))));
  } catch (e) {
    result.className = 'error';
    result.textContent = e.message;
    rows.replaceChildren();
  }
}

// ---- start ---------------------------------------------------------------------------------

window.addEventListener('DOMContentLoaded', () => {
  chart = echarts.init(document.getElementById('graph'));
  window.consoleChart = chart;
  state.namespace = new URLSearchParams(location.search).get('namespace') || '';
  chart.on('click', params => {
    if (params.dataType === 'node') select(params.data.raw);
  });
  window.addEventListener('resize', () => chart.resize());
  window.addEventListener('hashchange', showTab);
  document.getElementById('namespace').addEventListener('change', event => {
    state.namespace = event.target.value;
    state.graphKey = '';
  });
  document.getElementById('tail-form').addEventListener('submit', startTail);
  document.getElementById('tail-stop').addEventListener('click', stopTail);
  document.getElementById('play-form').addEventListener('submit', evaluate);
  document.getElementById('play-dialect').addEventListener('change', event => {
    const examples = { cesql: "type = 'dev.example.order'", cel: "event.type == 'dev.example.order'",
      attributes: '{"type": "dev.example.order"}', filters: '[{"prefix": {"type": "dev.example."}}]' };
    document.getElementById('play-expr').value = examples[event.target.value];
  });
  document.getElementById('event-close').addEventListener('click', () => document.getElementById('event-dialog').close());
  showTab();
  pollTopology();
});
