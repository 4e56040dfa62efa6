// Exposures (device × product): the list with every server-side filter, sort, total and paging, "download this
// view", and one exposure with its evidence, rules and the way to except it.
import { useState } from 'preact/hooks';
import type { GetResult } from '../api/client';
import { fmtDate, fmtInt, fmtTime } from '../format';
import { hrefOf, type Route } from '../state/route';
import { Empty, Page, Pill, StatusNote, useLoad, useReady, useSession } from '../ui/core';
import { ExceptionForm } from './exceptions';
import { PLATFORMS, useLookups } from '../ui/lookups';
import { ServerList } from '../ui/server-list';
import { DataTable, type Column } from '../ui/table';

type Exposure = GetResult<'/api/v1/exposures'>['items'][number];
const LIMIT = 50;

const statusOf = (x: { status: string; isOverdue: boolean; dueAt?: string | null }): string =>
  x.isOverdue && x.status === 'open' ? 'overdue' : x.status === 'open' && !x.dueAt ? 'review' : x.status;

export const EXPOSURE_COLUMNS: Column<Exposure>[] = [
  {
    label: 'Device',
    cell: (x) => <a href={hrefOf('devices', x.deviceId)}>{x.deviceName ?? x.physicalKey}</a>,
  },
  { label: 'Serial', cell: (x) => x.serialNumber ?? '—' },
  { label: 'User', cell: (x) => x.userPrincipalName ?? '—' },
  { label: 'Platform', cell: (x) => x.platform },
  { label: 'Product', cell: (x) => <a href={hrefOf('exposures', x.id)}>{x.productName}</a> },
  { label: 'Status', cell: (x) => <Pill value={statusOf(x)} /> },
  { label: 'Rules', cell: (x) => x.ruleIds.join(', ') },
  {
    label: 'First seen',
    sort: 'firstDetectedAt',
    sortDescending: true,
    cell: (x) => fmtDate(x.firstDetectedAt),
  },
  { label: 'Due', sort: 'dueAt', cell: (x) => fmtDate(x.dueAt) },
  { label: 'Sources', cell: (x) => x.sources.join(', ') },
];

export function ExposuresPage({ route }: { route: Route }) {
  return route.id ? <ExposureDetail id={route.id} /> : <ExposureList route={route} />;
}

const SEVERITIES: [string, string][] = ['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, s]);

function ExposureList({ route }: { route: Route }) {
  const lookups = useLookups();
  return (
    <ServerList
      route={route}
      page="exposures"
      title="Exposures"
      path="/api/v1/exposures"
      limit={LIMIT}
      filters={[
        { name: 'q', label: 'Search', placeholder: 'device, serial, user or title' },
        { name: 'product', label: 'Product', options: lookups?.products ?? [] },
        { name: 'rule', label: 'Rule', options: lookups?.rules ?? [] },
        { name: 'platform', label: 'Platform', options: PLATFORMS },
        { name: 'source', label: 'Source', options: lookups?.sources ?? [] },
        { name: 'status', label: 'Status', options: STATUSES },
        { name: 'overdue', label: 'Overdue', options: OVERDUE },
        { name: 'standing', label: 'Standing', options: STANDINGS },
        { name: 'severity', label: 'Severity', options: SEVERITIES },
      ]}
      columns={EXPOSURE_COLUMNS}
      rowKey={(x) => x.id}
      defaultSort="-id"
      download="exposure"
      empty={{
        filtered: 'No exposure matches these filters. Clear a filter to see more.',
        none: 'No exposure yet: no synced device runs banned or watched software.',
      }}
    />
  );
}

const STATUSES: [string, string][] = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['excepted', 'Excepted'],
];
const OVERDUE: [string, string][] = [
  ['true', 'Overdue only'],
  ['false', 'Not overdue'],
];
const STANDINGS: [string, string][] = [
  ['binding', 'Binding'],
  ['review', 'For review'],
];

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function ExposureDetail({ id }: { id: string }) {
  const { api } = useSession();
  const loaded = useLoad(`exposure/${id}`, () => api.get('/api/v1/exposures/{id}', { params: { id } }));
  const x = loaded.data;
  const [notice, setNotice] = useState<string | null>(null);
  useReady('exposures', !!x);
  return (
    <Page
      title={x ? `${x.productName} on ${x.deviceName ?? x.physicalKey}` : 'Exposure'}
      loading={loaded.loading && !x}
      error={loaded.error}
      actions={<a href="#/exposures">← All exposures</a>}
    >
      {notice && <StatusNote>{notice}</StatusNote>}
      {x && (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <Pill value={statusOf(x)} />
              {x.resolvedReason ? ` (${x.resolvedReason})` : ''}
            </dd>
            <dt>Device</dt>
            <dd>
              <a href={hrefOf('devices', x.deviceId)}>{x.deviceName ?? '—'}</a> ·{' '}
              {x.serialNumber ?? 'no serial'} · {x.platform}
            </dd>
            <dt>User</dt>
            <dd>{x.userPrincipalName ?? '—'}</dd>
            <dt>Product</dt>
            <dd>
              {x.productName} ({x.vendor}) <Pill value={x.severity} />
            </dd>
            <dt>First / last detected</dt>
            <dd>
              {fmtTime(x.firstDetectedAt)} / {fmtTime(x.lastDetectedAt)}
            </dd>
            <dt>Due</dt>
            <dd>{x.dueAt ? fmtDate(x.dueAt) : 'no due date (review rules only)'}</dd>
            {x.exceptionId && (
              <>
                <dt>Exception</dt>
                <dd>
                  <a href={hrefOf('exceptions', x.exceptionId)}>{x.exceptionId}</a>
                </dd>
              </>
            )}
          </dl>
          <h2>Rules</h2>
          <DataTable
            rows={x.rules}
            rowKey={(r) => r.id}
            empty="No rule applies."
            columns={[
              { label: 'Rule', cell: (r) => <a href={hrefOf('catalog', null, { rule: r.id })}>{r.id}</a> },
              { label: 'Title', cell: (r) => r.title },
              { label: 'Citation', cell: (r) => r.citation },
              { label: 'Standing', cell: (r) => <Pill value={r.standing} /> },
              { label: 'Why', cell: (r) => r.why },
              { label: 'Due', cell: (r) => fmtDate(r.dueAt) },
              { label: 'Excepted', cell: (r) => (r.excepted ? 'yes' : 'no') },
            ]}
          />
          <h2>Evidence ({fmtInt(x.evidence.length)})</h2>
          <DataTable
            rows={x.evidence}
            rowKey={(e) => `${e.source.id}/${e.title}/${e.version ?? ''}/${e.installPath ?? ''}`}
            empty="No evidence recorded."
            columns={[
              { label: 'Source', cell: (e) => e.source.name },
              { label: 'Title', cell: (e) => e.title },
              { label: 'Publisher / id', cell: (e) => e.bundleId ?? e.publisher ?? '—' },
              { label: 'Version', cell: (e) => e.version ?? '—' },
              { label: 'Matched by', cell: (e) => <span title={e.explanation ?? ''}>{e.matcher}</span> },
              {
                label: 'Seen',
                cell: (e) =>
                  `${fmtDate(e.firstSeenAt)} → ${e.goneAt ? `gone ${fmtDate(e.goneAt)}` : fmtDate(e.lastSeenAt)}`,
              },
            ]}
          />
          {x.status === 'open' && (
            <ExceptionForm
              preset={{
                productId: x.productId,
                scopeType: 'device',
                scopeValue: x.deviceId,
                serial: x.serialNumber ?? undefined,
              }}
              onCreated={(message) => {
                setNotice(message);
                loaded.reload();
              }}
            />
          )}
          {x.status !== 'open' && !x.exceptionId && <Empty>This exposure is {x.status}.</Empty>}
        </>
      )}
    </Page>
  );
}
