// Devices: every synced device with server-side filters, sort, total and paging; one device with its software
// and its exposures (of the physical device, from any source).
import { age, fmtDate, fmtInt, fmtTime } from '../format';
import { hrefOf, type Route } from '../state/route';
import { Page, Pill, useLoad, useReady, useSession } from '../ui/core';
import { PLATFORMS, useLookups } from '../ui/lookups';
import { ServerList, type ItemOf } from '../ui/server-list';
import { DataTable, type Column } from '../ui/table';
import { EXPOSURE_COLUMNS } from './exposures';

const LIMIT = 100;

export function DevicesPage({ route }: { route: Route }) {
  return route.id ? <DeviceDetail id={route.id} /> : <DeviceList route={route} />;
}

const DEVICE_COLUMNS: Column<ItemOf<'/api/v1/devices'>>[] = [
  {
    label: 'Name',
    sort: 'name',
    cell: (d) => <a href={hrefOf('devices', d.id)}>{d.name ?? d.physicalKey}</a>,
  },
  { label: 'Serial', cell: (d) => d.serialNumber ?? '—' },
  { label: 'Platform', cell: (d) => `${d.platform} ${d.osVersion ?? ''}` },
  { label: 'User', cell: (d) => d.userPrincipalName ?? '—' },
  { label: 'Source', cell: (d) => d.sourceName },
  {
    label: 'Last check-in',
    sort: 'lastCheckInAt',
    sortDescending: true,
    cell: (d) => (
      <span title={fmtTime(d.lastCheckInAt)}>
        {age(d.lastCheckInAt)} {d.isStale && <Pill value="stale" />}
      </span>
    ),
  },
  {
    label: 'Open exposures',
    num: true,
    cell: (d) =>
      d.openExposures ? (
        <a href={hrefOf('exposures', null, { device: d.id, status: 'open' })}>{fmtInt(d.openExposures)}</a>
      ) : (
        '0'
      ),
  },
];

function DeviceList({ route }: { route: Route }) {
  const lookups = useLookups();
  return (
    <ServerList
      route={route}
      page="devices"
      title="Devices"
      path="/api/v1/devices"
      limit={LIMIT}
      filters={[
        { name: 'q', label: 'Search', placeholder: 'name, serial or user' },
        { name: 'source', label: 'Source', options: lookups?.sources ?? [] },
        { name: 'platform', label: 'Platform', options: PLATFORMS },
        { name: 'exposed', label: 'Exposure', options: EXPOSED },
        { name: 'stale', label: 'Check-in', options: STALE },
        { name: 'includeRemoved', label: 'Removed', options: [['true', 'Include removed']] },
      ]}
      columns={DEVICE_COLUMNS}
      rowKey={(d) => d.id}
      defaultSort="id"
      download="exposed-devices"
      empty={{
        filtered: 'No device matches these filters.',
        none: 'No device yet. Add a source under Sources and sync it.',
      }}
    />
  );
}

const EXPOSED: [string, string][] = [
  ['true', 'Has open exposure'],
  ['false', 'No open exposure'],
];
const STALE: [string, string][] = [
  ['true', 'Stale or never'],
  ['false', 'Fresh'],
];

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function DeviceDetail({ id }: { id: string }) {
  const { api } = useSession();
  const loaded = useLoad(`device/${id}`, () =>
    Promise.all([
      api.get('/api/v1/devices/{id}', { params: { id } }),
      api.get('/api/v1/exposures', { query: { device: id, limit: 200 } }),
    ]),
  );
  const [d, exposures] = loaded.data ?? [];
  useReady('devices', !!d);
  return (
    <Page
      title={d ? (d.name ?? d.physicalKey) : 'Device'}
      loading={loaded.loading && !d}
      error={loaded.error}
      actions={<a href="#/devices">← All devices</a>}
    >
      {d && exposures && (
        <>
          <dl class="facts">
            <dt>Serial</dt>
            <dd>{d.serialNumber ?? '—'}</dd>
            <dt>Platform</dt>
            <dd>
              {d.platform} {d.osVersion ?? ''}
            </dd>
            <dt>User</dt>
            <dd>{d.userPrincipalName ?? '—'}</dd>
            <dt>Source</dt>
            <dd>
              {d.sourceName} ({d.externalId})
            </dd>
            <dt>Last check-in</dt>
            <dd>
              {fmtTime(d.lastCheckInAt)} {d.isStale && <Pill value="stale" />}
            </dd>
            <dt>Seen by Interdict</dt>
            <dd>
              {fmtDate(d.firstSeenAt)} →{' '}
              {d.removedAt ? `removed ${fmtDate(d.removedAt)}` : fmtDate(d.lastSeenAt)}
            </dd>
            {d.tags.length > 0 && (
              <>
                <dt>Groups</dt>
                <dd>{d.tags.join(', ')}</dd>
              </>
            )}
          </dl>
          <h2>Exposures ({fmtInt(exposures.items.length)})</h2>
          <DataTable
            rows={exposures.items}
            rowKey={(x) => x.id}
            columns={EXPOSURE_COLUMNS.filter(
              (c) => !['Device', 'Serial', 'User', 'Platform'].includes(c.label),
            )}
            empty="No banned or watched software on this device."
          />
          <h2>Software ({fmtInt(d.installations.length)})</h2>
          <DataTable
            rows={d.installations}
            rowKey={(i) => `${i.softwareId}/${i.version ?? ''}`}
            empty={
              d.appsReported
                ? 'The MDM reports no software on this device.'
                : 'The MDM has not reported this device’s software yet.'
            }
            columns={[
              { label: 'Title', cell: (i) => <a href={hrefOf('software', i.softwareId)}>{i.name}</a> },
              { label: 'Publisher / id', cell: (i) => i.bundleId ?? i.publisher ?? '—' },
              { label: 'Version', cell: (i) => i.version ?? '—' },
              {
                label: 'Matched',
                cell: (i) => (i.matchedProducts.length ? i.matchedProducts.join(', ') : ''),
              },
              { label: 'First seen', cell: (i) => fmtDate(i.firstSeenAt) },
            ]}
          />
        </>
      )}
    </Page>
  );
}
