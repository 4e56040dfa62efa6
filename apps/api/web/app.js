// Interdict dashboard: a small vanilla module over the REST API. The API key lives in sessionStorage only
// (gone when the tab closes). Every value from the API is inserted as text (never as HTML): device and
// software names come from MDMs and are untrusted.
'use strict';

const KEY_STORAGE = 'interdict.apiKey';
const main = document.getElementById('main');

// ---------- tiny DOM helpers ----------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const svgEl = (tag, attrs) => {
  const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
  return n;
};
const fmtInt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '—');
const fmtDate = (s) => (s ? new Date(s).toISOString().slice(0, 10) : '—');
const fmtTime = (s) => (s ? new Date(s).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');
const pill = (text) => el('span', { class: `pill ${String(text).toLowerCase()}` }, text);
const card = (label, value, tone, testid) =>
  el(
    'div',
    { class: `card ${tone || ''}`, 'data-testid': testid },
    el('div', { class: 'l' }, label),
    el('div', { class: 'n' }, fmtInt(value)),
  );
function table(headers, rows, empty) {
  if (!rows.length) return el('p', { class: 'muted' }, empty || 'Nothing to show.');
  return el(
    'table',
    {},
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headers.map((h) => el('th', { class: h.num ? 'num' : '' }, h.label || h)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) =>
        el(
          'tr',
          {},
          cells.map((c, i) => el('td', { class: headers[i].num ? 'num' : '' }, c)),
        ),
      ),
    ),
  );
}
function showError(err, where) {
  const msg =
    err && err.body && err.body.error
      ? `${err.body.error.message} (${err.body.error.code})`
      : String(err && err.message ? err.message : err);
  (where || main).append(el('div', { class: 'error', role: 'alert' }, msg));
}

// ---------- API ----------
const apiKey = () => sessionStorage.getItem(KEY_STORAGE);
class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}
async function api(path, opts) {
  const o = opts || {};
  const headers = { authorization: `Bearer ${apiKey()}` };
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: o.method || 'GET',
    headers,
    body: o.json !== undefined ? JSON.stringify(o.json) : undefined,
  });
  if (res.status === 401) {
    sessionStorage.removeItem(KEY_STORAGE);
    location.hash = '#/login';
    throw new ApiError(401, await res.json().catch(() => null));
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  if (o.raw) return res;
  return res.status === 204 ? null : res.json();
}
const itemsOf = (x) => (Array.isArray(x) ? x : x && Array.isArray(x.items) ? x.items : []);
const qs = (params) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

// ---------- pages ----------
const pages = {
  async login() {
    const input = el('input', {
      type: 'password',
      name: 'apiKey',
      placeholder: 'idk_…',
      autocomplete: 'off',
      required: true,
      'aria-label': 'API key',
    });
    const form = el(
      'form',
      { class: 'card login', onsubmit: (e) => void submit(e) },
      el('h1', {}, 'Sign in'),
      el(
        'p',
        { class: 'muted' },
        'Paste an API key. It is kept in this tab only. The first start of Interdict prints an admin key; `npm run create-key` makes more.',
      ),
      el('label', {}, 'API key', input),
      el('p', {}, el('button', { type: 'submit' }, 'Sign in')),
    );
    async function submit(e) {
      e.preventDefault();
      form.querySelectorAll('.error').forEach((n) => n.remove());
      const res = await fetch('/api/v1/auth/me', {
        headers: { authorization: `Bearer ${input.value.trim()}` },
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        form.append(
          el(
            'div',
            { class: 'error', role: 'alert' },
            body && body.error ? body.error.message : `HTTP ${res.status}`,
          ),
        );
        return;
      }
      sessionStorage.setItem(KEY_STORAGE, input.value.trim());
      location.hash = '#/overview';
    }
    main.replaceChildren(form);
    input.focus();
  },

  async overview() {
    main.replaceChildren(el('h1', {}, 'Exposure overview'), el('p', { class: 'muted' }, 'Loading…'));
    const [summary, trend, coverage, sources] = await Promise.all([
      api('/api/v1/exposure/summary'),
      api('/api/v1/exposure/trend?days=90'),
      api('/api/v1/exposure/coverage'),
      api('/api/v1/sources'),
    ]);
    const srcRows = itemsOf(sources).map((s) => [
      s.name,
      s.kind,
      s.lastRun ? pill(s.lastRun.status) : el('span', { class: 'muted' }, 'never'),
      fmtTime(s.lastRun && (s.lastRun.finishedAt || s.lastRun.startedAt)),
      fmtTime(s.lastSucceededAt),
    ]);
    main.replaceChildren(
      el('h1', {}, 'Exposure overview'),
      el('p', { class: 'muted' }, `As of ${fmtTime(summary.asOf)}`),
      el(
        'div',
        { class: 'cards' },
        card('Exposed devices', summary.exposedDevices, 'bad', 'exposed-devices'),
        card('Open findings', summary.openFindings, '', 'open-findings'),
        card('Overdue findings', summary.overdueFindings, 'warn', 'overdue-findings'),
        card('Excepted findings', summary.exceptedFindings, '', 'excepted-findings'),
        card('Coverage gaps', coverage.staleDevices + coverage.neverReportedDevices, 'warn', 'coverage-gaps'),
      ),
      el('h2', {}, 'Exposed devices, last 90 days'),
      trendChart(itemsOf(trend.points || trend)),
      el(
        'div',
        { class: 'grid2' },
        el(
          'div',
          {},
          el('h2', {}, 'By product and rule'),
          table(
            [
              { label: 'Product' },
              { label: 'Rule' },
              { label: 'Exposed devices', num: true },
              { label: 'Open', num: true },
              { label: 'Overdue', num: true },
            ],
            (summary.byRule || []).map((p) => [
              el(
                'a',
                {
                  href: `#/findings?product=${encodeURIComponent(p.productId)}&rule=${encodeURIComponent(p.ruleId)}`,
                },
                p.productName || p.productId,
              ),
              el('span', { title: p.citation || '' }, p.ruleId),
              fmtInt(p.exposedDevices),
              fmtInt(p.openFindings),
              fmtInt(p.overdueFindings),
            ]),
            'No banned software found.',
          ),
        ),
        el(
          'div',
          {},
          el(
            'h2',
            {},
            `Coverage gaps (no check-in for ${coverage.staleAfterDays} days, or never reported apps)`,
          ),
          table(
            [
              { label: 'Source' },
              { label: 'Platform' },
              { label: 'Devices', num: true },
              { label: 'Stale', num: true },
              { label: 'Never reported', num: true },
            ],
            (coverage.bySource || []).map((c) => [
              c.sourceName,
              c.platform,
              fmtInt(c.devices),
              fmtInt(c.staleDevices),
              fmtInt(c.neverReportedDevices),
            ]),
            'No devices yet.',
          ),
        ),
      ),
      el('h2', {}, 'Last sync per source'),
      table(
        [
          { label: 'Source' },
          { label: 'Kind' },
          { label: 'Last run' },
          { label: 'At' },
          { label: 'Last success' },
        ],
        srcRows,
        'No sources yet.',
      ),
    );
  },

  async findings(params) {
    const [products, rules, sources] = await Promise.all([
      api('/api/v1/catalog/products').catch(() => []),
      api('/api/v1/catalog/rules').catch(() => []),
      api('/api/v1/sources').catch(() => []),
    ]);
    const f = {
      status: params.get('status') ?? 'open',
      product: params.get('product') || '',
      rule: params.get('rule') || '',
      platform: params.get('platform') || '',
      source: params.get('source') || '',
      overdue: params.get('overdue') || '',
      q: params.get('q') || '',
    };
    const select = (name, options, value, label) =>
      el(
        'label',
        {},
        label,
        el(
          'select',
          { name },
          options.map(([v, t]) => el('option', { value: v, selected: v === value }, t)),
        ),
      );
    const form = el(
      'form',
      {
        class: 'filters',
        onsubmit: (e) => {
          e.preventDefault();
          location.hash = `#/findings${qs(Object.fromEntries(new FormData(form)))}`;
        },
      },
      select(
        'status',
        [
          ['', 'any'],
          ['open', 'open'],
          ['excepted', 'excepted'],
          ['resolved', 'resolved'],
        ],
        f.status,
        'Status',
      ),
      select('product', [['', 'any'], ...itemsOf(products).map((p) => [p.id, p.name])], f.product, 'Product'),
      select('rule', [['', 'any'], ...itemsOf(rules).map((r) => [r.id, r.id])], f.rule, 'Rule'),
      select(
        'platform',
        [['', 'any'], ...['windows', 'macos', 'ios', 'ipados', 'android', 'linux'].map((p) => [p, p])],
        f.platform,
        'Platform',
      ),
      select('source', [['', 'any'], ...itemsOf(sources).map((s) => [s.id, s.name])], f.source, 'Source'),
      select(
        'overdue',
        [
          ['', 'any'],
          ['true', 'overdue only'],
          ['false', 'not overdue'],
        ],
        f.overdue,
        'Due',
      ),
      el(
        'label',
        {},
        'Search',
        el('input', { name: 'q', value: f.q, placeholder: 'device, serial, user, title' }),
      ),
      el('button', { type: 'submit' }, 'Apply'),
    );
    const body = el('div', {});
    main.replaceChildren(el('h1', {}, 'Findings'), form, body);
    let cursor = null;
    const tbodyRows = [];
    const more = el('button', { class: 'secondary', onclick: () => void load() }, 'Load more');
    async function load() {
      more.disabled = true;
      const page = await api(`/api/v1/findings${qs({ ...f, limit: 50, cursor })}`);
      cursor = page.nextCursor;
      for (const x of page.items) {
        tbodyRows.push([
          pill(x.isOverdue && x.status === 'open' ? 'overdue' : x.status),
          el(
            'a',
            { href: `#/devices/${encodeURIComponent(x.deviceId)}` },
            x.deviceName || x.serialNumber || x.deviceId,
          ),
          x.userPrincipalName || '—',
          x.platform,
          x.productName || x.productId,
          x.softwareName + (x.version ? ` ${x.version}` : ''),
          x.ruleId,
          fmtDate(x.firstDetectedAt),
          fmtDate(x.dueAt),
          x.sourceNames ? x.sourceNames.join(', ') : x.sourceName || '',
        ]);
      }
      body.replaceChildren(
        el('p', { class: 'muted', 'data-testid': 'findings-count' }, `${tbodyRows.length} finding(s) shown`),
        table(
          [
            'Status',
            'Device',
            'User',
            'Platform',
            'Product',
            'Title',
            'Rule',
            'First seen',
            'Due',
            'Source',
          ].map((label) => ({ label })),
          tbodyRows,
          'No findings match.',
        ),
        cursor ? el('p', {}, more) : '',
      );
      more.disabled = false;
    }
    await load();
  },

  async devices(params) {
    const q = params.get('q') || '';
    const stale = params.get('stale') || '';
    const form = el(
      'form',
      {
        class: 'filters',
        onsubmit: (e) => {
          e.preventDefault();
          location.hash = `#/devices${qs(Object.fromEntries(new FormData(form)))}`;
        },
      },
      el('label', {}, 'Search', el('input', { name: 'q', value: q, placeholder: 'name, serial or user' })),
      el(
        'label',
        {},
        'Check-in',
        el(
          'select',
          { name: 'stale' },
          [
            ['', 'any'],
            ['true', 'stale only'],
            ['false', 'fresh only'],
          ].map(([v, t]) => el('option', { value: v, selected: v === stale }, t)),
        ),
      ),
      el('button', { type: 'submit' }, 'Apply'),
    );
    const page = await api(`/api/v1/devices${qs({ q, stale, limit: 100 })}`);
    main.replaceChildren(
      el('h1', {}, 'Devices'),
      form,
      table(
        ['Device', 'Serial', 'User', 'Platform', 'Source', 'Last check-in', 'Open findings'].map((label) => ({
          label,
          num: label === 'Open findings',
        })),
        page.items.map((d) => [
          el('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.name || d.externalId),
          d.serialNumber || '—',
          d.userPrincipalName || '—',
          d.platform,
          d.sourceName,
          el('span', { class: d.isStale ? 'pill overdue' : '' }, fmtTime(d.lastCheckInAt)),
          fmtInt(d.openFindings),
        ]),
        'No devices match.',
      ),
      page.nextCursor ? el('p', { class: 'muted' }, 'More devices exist: narrow the search.') : '',
    );
  },

  async device(params, id) {
    const d = await api(`/api/v1/devices/${encodeURIComponent(id)}`);
    main.replaceChildren(
      el('h1', {}, d.name || d.externalId),
      el(
        'dl',
        { class: 'kv' },
        ...[
          ['Serial', d.serialNumber],
          ['Platform', `${d.platform} ${d.osVersion || ''}`],
          ['User', d.userPrincipalName],
          ['Source', d.sourceName],
          ['Last MDM check-in', fmtTime(d.lastCheckInAt) + (d.isStale ? ' (stale)' : '')],
          ['First seen', fmtTime(d.firstSeenAt)],
          ['Last seen', fmtTime(d.lastSeenAt)],
          ['Removed', d.removedAt ? fmtTime(d.removedAt) : 'no'],
        ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v || '—')]),
      ),
      el('h2', {}, 'Findings'),
      table(
        ['Status', 'Product', 'Title', 'Rule', 'Matcher', 'First detected', 'Due', 'Resolved'].map(
          (label) => ({ label }),
        ),
        d.findings.map((x) => [
          pill(x.isOverdue && x.status === 'open' ? 'overdue' : x.status),
          x.productName || x.productId,
          x.softwareName + (x.version ? ` ${x.version}` : ''),
          x.ruleId,
          x.matcherId,
          fmtDate(x.firstDetectedAt),
          fmtDate(x.dueAt),
          fmtDate(x.resolvedAt),
        ]),
        'No findings on this device.',
      ),
      el('h2', {}, `Installed software (${d.installations.length})`),
      table(
        ['Title', 'Publisher', 'Version', 'First seen', 'Last seen'].map((label) => ({ label })),
        d.installations.map((i) => [
          i.name,
          i.publisher || '—',
          i.version || '—',
          fmtDate(i.firstSeenAt),
          fmtDate(i.lastSeenAt),
        ]),
        'No software reported.',
      ),
    );
  },

  async reports() {
    const [reports, schedules] = await Promise.all([
      api('/api/v1/reports'),
      api('/api/v1/report-schedules').catch(() => []),
    ]);
    const type = el(
      'select',
      { name: 'type' },
      ['exposure', 'exposed-devices', 'software', 'coverage', 'exceptions'].map((t) =>
        el('option', { value: t }, t),
      ),
    );
    const format = el(
      'select',
      { name: 'format' },
      ['xlsx', 'csv'].map((t) => el('option', { value: t }, t)),
    );
    const create = el(
      'form',
      {
        class: 'filters',
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            await api('/api/v1/reports', {
              method: 'POST',
              json: { type: type.value, format: format.value },
            });
            await pages.reports();
          } catch (err) {
            showError(err, create);
          }
        },
      },
      el('label', {}, 'Report', type),
      el('label', {}, 'Format', format),
      el('button', { type: 'submit' }, 'Create report'),
    );
    const download = async (r) => {
      const res = await api(`/api/v1/reports/${encodeURIComponent(r.id)}/download`, { raw: true });
      const blob = await res.blob();
      const a = el('a', { href: URL.createObjectURL(blob), download: r.fileName || `report.${r.format}` });
      document.body.append(a);
      a.click();
      setTimeout(() => {
        URL.revokeObjectURL(a.href);
        a.remove();
      }, 1000);
    };
    main.replaceChildren(
      el('h1', {}, 'Reports'),
      create,
      table(
        ['Created', 'Type', 'Format', 'Status', 'Rows', 'Size', 'By', ''].map((label) => ({
          label,
          num: label === 'Rows' || label === 'Size',
        })),
        itemsOf(reports).map((r) => [
          fmtTime(r.createdAt),
          r.type,
          r.format,
          pill(r.status),
          fmtInt(r.rowCount),
          r.sizeBytes ? `${Math.ceil(r.sizeBytes / 1024)} KiB` : '—',
          r.requestedBy,
          r.status === 'succeeded' && !r.deletedAt
            ? el(
                'button',
                {
                  class: 'secondary',
                  'data-testid': 'download',
                  onclick: () => void download(r).catch((err) => showError(err)),
                },
                'Download',
              )
            : r.error || '',
        ]),
        'No reports yet.',
      ),
      el('h2', {}, 'Schedules'),
      table(
        ['Name', 'Cron', 'Time zone', 'Report', 'Format', 'Enabled', 'Last run'].map((label) => ({ label })),
        itemsOf(schedules).map((s) => [
          s.name,
          s.cron,
          s.timezone,
          s.type || s.reportType,
          s.format,
          s.enabled ? 'yes' : 'no',
          fmtTime(s.lastRunAt),
        ]),
        'No schedules.',
      ),
      scheduleForm(),
    );
  },

  async sources() {
    const sources = itemsOf(await api('/api/v1/sources'));
    const out = el('div', {});
    const act = async (s, what) => {
      out.replaceChildren(
        el('p', { class: 'muted' }, `${what === 'sync' ? 'Queuing a sync of' : 'Testing'} ${s.name}…`),
      );
      try {
        const r = await api(`/api/v1/sources/${encodeURIComponent(s.id)}/${what}`, { method: 'POST' });
        out.replaceChildren(
          el(
            'div',
            { class: 'note', role: 'status' },
            what === 'sync'
              ? `Sync of ${s.name} queued.`
              : `${s.name}: ${r.ok ? 'connection works' : 'connection failed'} — ${r.message || ''}`,
          ),
        );
      } catch (err) {
        out.replaceChildren();
        showError(err, out);
      }
    };
    main.replaceChildren(
      el('h1', {}, 'Sources'),
      out,
      table(
        ['Source', 'Kind', 'Enabled', 'Schedule', 'Last run', 'Devices', 'Error', 'Last success', ''].map(
          (label) => ({ label, num: label === 'Devices' }),
        ),
        sources.map((s) => [
          s.name,
          s.kind,
          s.enabled ? 'yes' : 'no',
          s.scheduleCron || '—',
          s.lastRun
            ? el('span', {}, pill(s.lastRun.status), ' ', fmtTime(s.lastRun.startedAt))
            : el('span', { class: 'muted' }, 'never'),
          fmtInt(s.lastRun && s.lastRun.devicesSeen),
          s.lastRun && s.lastRun.errorMessage ? s.lastRun.errorMessage : '',
          fmtTime(s.lastSucceededAt),
          el(
            'span',
            {},
            el('button', { class: 'secondary', onclick: () => void act(s, 'test') }, 'Test'),
            ' ',
            el('button', { 'data-testid': `sync-${s.name}`, onclick: () => void act(s, 'sync') }, 'Sync now'),
          ),
        ]),
        'No sources yet.',
      ),
    );
  },
};

function scheduleForm() {
  const name = el('input', { name: 'name', placeholder: 'Monday exposure', required: true });
  const cron = el('input', { name: 'cron', value: '0 7 * * 1', required: true });
  const tz = el('input', { name: 'timezone', value: 'UTC' });
  const type = el(
    'select',
    { name: 'type' },
    ['exposure', 'exposed-devices', 'software', 'coverage', 'exceptions'].map((t) =>
      el('option', { value: t }, t),
    ),
  );
  const format = el(
    'select',
    { name: 'format' },
    ['xlsx', 'csv'].map((t) => el('option', { value: t }, t)),
  );
  const form = el(
    'form',
    {
      class: 'filters',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api('/api/v1/report-schedules', {
            method: 'POST',
            json: {
              name: name.value,
              cron: cron.value,
              timezone: tz.value,
              type: type.value,
              format: format.value,
            },
          });
          await pages.reports();
        } catch (err) {
          showError(err, form);
        }
      },
    },
    el('label', {}, 'Name', name),
    el('label', {}, 'Cron', cron),
    el('label', {}, 'Time zone', tz),
    el('label', {}, 'Report', type),
    el('label', {}, 'Format', format),
    el('button', { type: 'submit', class: 'secondary' }, 'Add schedule'),
  );
  return form;
}

// Inline SVG line chart of exposed devices (and overdue findings) per day.
function trendChart(points) {
  const wrap = el('div', { class: 'chart', 'data-testid': 'trend-chart' });
  if (!points.length) {
    wrap.append(
      el('p', { class: 'muted' }, 'No daily snapshots yet; the first is taken after the first sync.'),
    );
    return wrap;
  }
  const W = 900,
    H = 220,
    L = 48,
    R = 12,
    T = 12,
    B = 28;
  const max = Math.max(1, ...points.map((p) => Math.max(p.exposedDevices || 0, p.overdueFindings || 0)));
  const x = (i) => L + (points.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (points.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const svg = svgEl('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'Exposed devices per day',
  });
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(max * frac);
    svg.append(svgEl('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#e4e7ec' }));
    const t = svgEl('text', {
      x: L - 6,
      y: y(v) + 4,
      'text-anchor': 'end',
      'font-size': 11,
      fill: '#667085',
    });
    t.textContent = v.toLocaleString('en-US');
    svg.append(t);
  }
  const line = (key, color) => {
    const d = points
      .map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p[key] || 0).toFixed(1)}`)
      .join(' ');
    svg.append(svgEl('path', { d, fill: 'none', stroke: color, 'stroke-width': 2 }));
  };
  line('exposedDevices', '#b42318');
  line('overdueFindings', '#b54708');
  for (const i of [0, points.length - 1]) {
    const t = svgEl('text', {
      x: x(i),
      y: H - 8,
      'text-anchor': i ? 'end' : 'start',
      'font-size': 11,
      fill: '#667085',
    });
    t.textContent = points[i].day;
    svg.append(t);
  }
  wrap.append(
    svg,
    el(
      'p',
      { class: 'muted' },
      el('span', { class: 'swatch exposed' }, '■'),
      ' exposed devices  ',
      el('span', { class: 'swatch overdue' }, '■'),
      ' overdue findings',
    ),
  );
  return wrap;
}

// ---------- routing ----------
async function route() {
  const [path, query] = (location.hash.replace(/^#/, '') || '/overview').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean);
  const key = apiKey();
  const nav = document.getElementById('nav');
  if (!key && parts[0] !== 'login') {
    location.hash = '#/login';
    return;
  }
  nav.hidden = !key;
  document.getElementById('logout').hidden = !key;
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.page === parts[0]);
  try {
    if (parts[0] === 'login') await pages.login();
    else if (parts[0] === 'devices' && parts[1]) await pages.device(params, decodeURIComponent(parts[1]));
    else if (pages[parts[0]]) await pages[parts[0]](params);
    else await pages.overview();
    if (key && !document.getElementById('who').textContent) {
      const me = await api('/api/v1/auth/me');
      document.getElementById('who').textContent = `${me.name} · ${me.role}`;
    }
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) {
      main.replaceChildren();
      showError(err);
    }
  }
  main.dataset.ready = parts[0] || 'overview';
}
document.getElementById('logout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  document.getElementById('who').textContent = '';
  location.hash = '#/login';
});
window.addEventListener('hashchange', () => {
  delete main.dataset.ready;
  void route();
});
void route();
