// Interdict dashboard: a small vanilla module over the REST API. The API key lives in sessionStorage only
// (gone when the tab closes). Every value from the API is inserted as text (never as HTML): device and
// software names come from MDMs and are untrusted.
'use strict';

const KEY_STORAGE = 'interdict.apiKey';
// The API's report types and formats (libs/reports/src/report-definition.ts); test/domain-rules.spec.ts keeps them equal.
const REPORT_TYPES = [
  'exposure',
  'exposed-devices',
  'evidence',
  'rules',
  'software',
  'coverage',
  'exceptions',
];
const REPORT_FORMATS = ['xlsx', 'csv'];
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
        headers.map((h) =>
          el('th', { class: h.num ? 'num' : '' }, typeof h === 'string' ? h : (h.label ?? '')),
        ),
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
const statusPill = (x) =>
  pill(
    x.isOverdue && x.status === 'open' ? 'overdue' : x.status === 'open' && !x.dueAt ? 'review' : x.status,
  );

// Exposure by product, each product's rules on demand (a <details> per product keeps the page short).
function productTable(rows) {
  if (!rows.length) return el('p', { class: 'muted' }, 'No banned software found on any synced device.');
  return el(
    'div',
    { class: 'products', 'data-testid': 'by-product' },
    rows.map((p) =>
      el(
        'details',
        { class: 'product' },
        el(
          'summary',
          {},
          el('a', { href: `#/exposures?product=${encodeURIComponent(p.productId)}` }, p.productName),
          ' ',
          pill(p.severity),
          el(
            'span',
            { class: 'counts' },
            `${fmtInt(p.exposedDevices)} device(s) · ${fmtInt(p.overdueExposures)} overdue · ${fmtInt(p.reviewExposures)} for review`,
          ),
        ),
        el(
          'ul',
          { class: 'rules' },
          p.rules.map((r) =>
            el(
              'li',
              {},
              el(
                'a',
                {
                  href: `#/exposures?product=${encodeURIComponent(p.productId)}&rule=${encodeURIComponent(r.id)}`,
                },
                r.id,
              ),
              ' ',
              pill(r.standing),
            ),
          ),
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
        card('Exposures', summary.exposures, '', 'exposures'),
        card('Overdue', summary.overdueExposures, 'warn', 'overdue-exposures'),
        card('For review', summary.reviewExposures, '', 'review-exposures'),
        card('Excepted', summary.exceptedExposures, '', 'excepted-exposures'),
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
          el('h2', {}, 'Exposure by product'),
          productTable(summary.byProduct || []),
          el('h2', {}, 'By rule'),
          table(
            [
              { label: 'Rule' },
              { label: 'Standing' },
              { label: 'Devices', num: true },
              { label: 'Exposures', num: true },
              { label: 'Overdue', num: true },
            ],
            (summary.byRule || []).map((r) => [
              el(
                'a',
                { href: `#/exposures?rule=${encodeURIComponent(r.ruleId)}`, title: r.citation || '' },
                r.ruleId,
              ),
              pill(r.standing),
              fmtInt(r.exposedDevices),
              fmtInt(r.exposures),
              fmtInt(r.overdueExposures),
            ]),
            'No rule applies to any device.',
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

  async exposures(params) {
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
      standing: params.get('standing') || '',
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
          location.hash = `#/exposures${qs(Object.fromEntries(new FormData(form)))}`;
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
      select(
        'standing',
        [
          ['', 'any'],
          ['binding', 'binding (due date)'],
          ['review', 'for review'],
        ],
        f.standing,
        'Standing',
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
    main.replaceChildren(
      el('h1', {}, 'Exposures'),
      el(
        'p',
        { class: 'muted' },
        'One row per physical device and product, whatever sources and titles report it.',
      ),
      form,
      body,
    );
    let cursor = null;
    const tbodyRows = [];
    const more = el('button', { class: 'secondary', onclick: () => void load() }, 'Load more');
    async function load() {
      more.disabled = true;
      const page = await api(`/api/v1/exposures${qs({ ...f, limit: 50, cursor })}`);
      cursor = page.nextCursor;
      for (const x of page.items) {
        tbodyRows.push([
          el('a', { href: `#/exposures/${encodeURIComponent(x.id)}` }, statusPill(x)),
          el(
            'a',
            { href: `#/devices/${encodeURIComponent(x.deviceId)}` },
            x.deviceName || x.serialNumber || x.deviceId,
          ),
          x.userPrincipalName || '—',
          x.platform,
          x.productName || x.productId,
          x.titles.join(', ') + (x.versions.length ? ` (${x.versions.join(', ')})` : ''),
          x.rules.map((r) => r.id).join(', '),
          fmtDate(x.firstDetectedAt),
          x.dueAt ? fmtDate(x.dueAt) : 'review',
          x.sources.join(', '),
        ]);
      }
      body.replaceChildren(
        el(
          'p',
          { class: 'muted', 'data-testid': 'exposures-count' },
          `${tbodyRows.length} exposure(s) shown`,
        ),
        table(
          [
            'Status',
            'Device',
            'User',
            'Platform',
            'Product',
            'Titles',
            'Rules',
            'First seen',
            'Due',
            'Sources',
          ].map((label) => ({ label })),
          tbodyRows,
          'No exposures match these filters: widen them, or check that sources have synced.',
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
        ['Device', 'Serial', 'User', 'Platform', 'Source', 'Last check-in', 'Open exposures'].map(
          (label) => ({
            label,
            num: label === 'Open exposures',
          }),
        ),
        page.items.map((d) => [
          el('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.name || d.externalId),
          d.serialNumber || '—',
          d.userPrincipalName || '—',
          d.platform,
          d.sourceName,
          el('span', { class: d.isStale ? 'pill overdue' : '' }, fmtTime(d.lastCheckInAt)),
          fmtInt(d.openExposures),
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
      el('h2', {}, 'Exposures of this device (all sources)'),
      table(
        ['Status', 'Product', 'Titles', 'Rules', 'Sources', 'First detected', 'Due', 'Resolved'].map(
          (label) => ({
            label,
          }),
        ),
        d.exposures.map((x) => [
          el('a', { href: `#/exposures/${encodeURIComponent(x.id)}` }, statusPill(x)),
          x.productName || x.productId,
          x.titles.join(', '),
          x.rules.map((r) => r.id).join(', '),
          x.sources.join(', '),
          fmtDate(x.firstDetectedAt),
          x.dueAt ? fmtDate(x.dueAt) : 'review',
          fmtDate(x.resolvedAt),
        ]),
        'No banned software on this device.',
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

  async exposure(params, id) {
    const x = await api(`/api/v1/exposures/${encodeURIComponent(id)}`);
    main.replaceChildren(
      el('h1', {}, `${x.productName} on ${x.deviceName || x.serialNumber || x.deviceId}`),
      el(
        'dl',
        { class: 'kv' },
        ...[
          ['Status', statusPill(x)],
          ['Severity', pill(x.severity)],
          [
            'Device',
            el('a', { href: `#/devices/${encodeURIComponent(x.deviceId)}` }, x.deviceName || x.deviceId),
          ],
          ['Serial', x.serialNumber],
          ['Platform', x.platform],
          ['User', x.userPrincipalName],
          ['Sources', x.sources.join(', ')],
          ['First detected', fmtTime(x.firstDetectedAt)],
          ['Last detected', fmtTime(x.lastDetectedAt)],
          [
            'Due',
            x.dueAt ? fmtDate(x.dueAt) : 'none — review only (no rule that binds this organisation applies)',
          ],
          ['Resolved', x.resolvedAt ? `${fmtTime(x.resolvedAt)} (${x.resolvedReason})` : 'no'],
        ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v || '—')]),
      ),
      el('h2', {}, 'Rules that apply'),
      table(
        ['Rule', 'Citation', 'Standing', 'Why', 'Status today', 'Due'].map((label) => ({ label })),
        x.rules.map((r) => [
          r.id,
          r.source
            ? el('a', { href: r.source, rel: 'noopener noreferrer', target: '_blank' }, r.citation || r.id)
            : r.citation,
          pill(r.excepted ? 'excepted' : r.standing),
          r.why || '—',
          r.status || '—',
          r.dueAt ? fmtDate(r.dueAt) : '—',
        ]),
        'No rule applies any more.',
      ),
      el('h2', {}, `Evidence (${x.evidence.length})`),
      table(
        [
          'Source',
          'Title',
          'Publisher',
          'Bundle id',
          'Version',
          'Path',
          'First seen',
          'Last seen',
          'Why it matched',
        ].map((label) => ({ label })),
        x.evidence.map((e) => [
          e.source.name,
          e.title,
          e.publisher || '—',
          e.bundleId || '—',
          e.version || '—',
          e.installPath || '—',
          fmtDate(e.firstSeenAt),
          e.goneAt ? `${fmtDate(e.lastSeenAt)} (gone)` : fmtDate(e.lastSeenAt),
          e.explanation || e.matcher,
        ]),
        'No evidence recorded.',
      ),
    );
  },

  async policy() {
    const [policy, catalogSummary] = await Promise.all([api('/api/v1/policy'), api('/api/v1/catalog')]);
    const p = policy.profile;
    const list = (v) => (v.length ? v.join(', ') : 'none');
    const input = (name, value, hint) =>
      el('label', {}, name, el('input', { name, value: value.join(', '), placeholder: hint }));
    const result = el('div', { 'data-testid': 'preview-result' });
    const form = el(
      'form',
      {
        class: 'filters',
        onsubmit: (e) => {
          e.preventDefault();
          void preview();
        },
      },
      input('jurisdictions', p.jurisdictions, 'US, US-TX, DE…'),
      input('sectors', p.sectors, 'federal-contractor, state-agency…'),
      input('enableRules', p.enableRules, 'rule ids'),
      input('disableRules', p.disableRules, 'rule ids'),
      el('button', { type: 'submit' }, 'Preview'),
    );
    async function preview() {
      const data = new FormData(form);
      const split = (k) =>
        String(data.get(k) || '')
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean);
      result.replaceChildren(el('p', { class: 'muted' }, 'Computing…'));
      try {
        const r = await api('/api/v1/policy/preview', {
          method: 'POST',
          json: {
            jurisdictions: split('jurisdictions'),
            sectors: split('sectors'),
            enableRules: split('enableRules'),
            disableRules: split('disableRules'),
          },
        });
        const row = (label, a, b) => [label, fmtInt(a), fmtInt(b), fmtInt(b - a)];
        result.replaceChildren(
          table(
            ['', 'Now', 'Proposed', 'Change'].map((label, i) => ({ label, num: i > 0 })),
            [
              row('Exposed devices', r.current.exposedDevices, r.proposed.exposedDevices),
              row('Exposures', r.current.exposures, r.proposed.exposures),
              row('Overdue', r.current.overdueExposures, r.proposed.overdueExposures),
              row('For review', r.current.reviewExposures, r.proposed.reviewExposures),
            ],
          ),
          el(
            'p',
            { 'data-testid': 'preview-moves' },
            `Would open ${fmtInt(r.added.exposures)} exposure(s) on ${fmtInt(r.added.devices)} newly exposed device(s); ` +
              `would close ${fmtInt(r.removed.exposures)} exposure(s), ${fmtInt(r.removed.devices)} device(s) no longer exposed. Nothing was changed.`,
          ),
          el('h3', {}, 'Rules whose standing changes'),
          table(
            ['Rule', 'Now', 'Proposed', 'Why'].map((label) => ({ label })),
            r.rules.map((x) => [x.ruleId, pill(x.before), pill(x.after), x.reason]),
            'No rule changes standing.',
          ),
          el('h3', {}, 'Products whose counts change'),
          table(
            ['Product', 'Exposures now', 'Proposed', 'Overdue now', 'Proposed'].map((label, i) => ({
              label,
              num: i > 0,
            })),
            r.byProduct.map((x) => [
              x.productName,
              fmtInt(x.before.exposures),
              fmtInt(x.after.exposures),
              fmtInt(x.before.overdueExposures),
              fmtInt(x.after.overdueExposures),
            ]),
            'No product changes.',
          ),
        );
      } catch (err) {
        result.replaceChildren();
        showError(err, result);
      }
    }
    main.replaceChildren(
      el('h1', {}, 'Rules that apply to this organisation'),
      el(
        'p',
        { class: 'muted' },
        `Profile (config policy:): jurisdictions ${list(p.jurisdictions)}; sectors ${list(p.sectors)}; ` +
          `enabled ${list(p.enableRules)}; disabled ${list(p.disableRules)}. Catalog ${catalogSummary.version}. ` +
          'Binding rules set due dates; review rules show their products without a due date, never overdue.',
      ),
      table(
        ['Rule', 'Title', 'Kind', 'Standing', 'Why'].map((label) => ({ label })),
        policy.rules.map((r) => [
          el('span', { title: r.citation }, r.ruleId),
          r.title,
          r.kind,
          pill(r.standing),
          r.why,
        ]),
        'The catalog has no rules.',
      ),
      el('h2', {}, 'Rule impact preview'),
      el(
        'p',
        { class: 'muted' },
        'Try another profile: see what it would add or remove before changing the configuration. Fields are comma-separated.',
      ),
      form,
      result,
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
      REPORT_TYPES.map((t) => el('option', { value: t }, t)),
    );
    const format = el(
      'select',
      { name: 'format' },
      REPORT_FORMATS.map((t) => el('option', { value: t }, t)),
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
    REPORT_TYPES.map((t) => el('option', { value: t }, t)),
  );
  const format = el(
    'select',
    { name: 'format' },
    REPORT_FORMATS.map((t) => el('option', { value: t }, t)),
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

// Inline SVG line chart of exposed devices (and overdue exposures) per day; a single day shows as points.
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
  const max = Math.max(1, ...points.map((p) => Math.max(p.exposedDevices || 0, p.overdueExposures || 0)));
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
    for (const [i, p] of points.entries())
      svg.append(svgEl('circle', { cx: x(i).toFixed(1), cy: y(p[key] || 0).toFixed(1), r: 3, fill: color }));
  };
  line('exposedDevices', '#b42318');
  line('overdueExposures', '#b54708');
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
      ' overdue exposures',
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
    else if (parts[0] === 'exposures' && parts[1]) await pages.exposure(params, decodeURIComponent(parts[1]));
    else if (parts[0] === 'findings') location.hash = `#/exposures${query ? `?${query}` : ''}`;
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
