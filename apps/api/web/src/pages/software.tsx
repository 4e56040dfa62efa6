// Software: every distinct title the fleet reports, searchable, with what the catalog matched and why; one title
// with its versions and device counts.
import { fmtDate, fmtInt } from '../format';
import { hrefOf, type Route } from '../state/route';
import { Page, useLoad, useReady, useSession } from '../ui/core';
import { PLATFORMS } from '../ui/lookups';
import { ServerList, type ItemOf } from '../ui/server-list';
import { DataTable, type Column } from '../ui/table';

const LIMIT = 100;

export function SoftwarePage({ route }: { route: Route }) {
  return route.id ? <SoftwareDetail id={route.id} /> : <SoftwareList route={route} />;
}

const SOFTWARE_COLUMNS: Column<ItemOf<'/api/v1/software'>>[] = [
  { label: 'Title', sort: 'name', cell: (s) => <a href={hrefOf('software', s.id)}>{s.name}</a> },
  { label: 'Platform', cell: (s) => s.platform },
  { label: 'Publisher / id', cell: (s) => s.bundleId ?? s.publisher ?? '—' },
  {
    label: 'Catalog match',
    cell: (s) =>
      s.matches.map((m) => (
        <span key={m.matcherId} title={m.explanation}>
          {m.productId}{' '}
        </span>
      )),
  },
  { label: 'First seen', cell: (s) => fmtDate(s.firstSeenAt) },
];

function SoftwareList({ route }: { route: Route }) {
  return (
    <ServerList
      route={route}
      page="software"
      title="Software"
      path="/api/v1/software"
      limit={LIMIT}
      filters={[
        { name: 'q', label: 'Search', placeholder: 'title, publisher or bundle id' },
        { name: 'platform', label: 'Platform', options: PLATFORMS },
        { name: 'matched', label: 'Catalog', options: MATCHED },
      ]}
      columns={SOFTWARE_COLUMNS}
      rowKey={(s) => s.id}
      defaultSort="id"
      download="software"
      empty={{ filtered: 'No title matches these filters.', none: 'No software synced yet.' }}
    />
  );
}

const MATCHED: [string, string][] = [
  ['true', 'Matched by the catalog'],
  ['false', 'Not matched'],
];

function SoftwareDetail({ id }: { id: string }) {
  const { api } = useSession();
  const loaded = useLoad(`software/${id}`, () => api.get('/api/v1/software/{id}', { params: { id } }));
  const s = loaded.data;
  useReady('software', !!s);
  return (
    <Page
      title={s ? s.name : 'Software'}
      loading={loaded.loading && !s}
      error={loaded.error}
      actions={<a href="#/software">← All software</a>}
    >
      {s && (
        <>
          <dl class="facts">
            <dt>Platform</dt>
            <dd>{s.platform}</dd>
            <dt>Publisher</dt>
            <dd>{s.publisher ?? '—'}</dd>
            <dt>Bundle id</dt>
            <dd>{s.bundleId ?? '—'}</dd>
            <dt>Devices</dt>
            <dd>{fmtInt(s.devices)}</dd>
            <dt>Catalog</dt>
            <dd>
              {s.matches.length
                ? s.matches.map((m) => (
                    <p key={m.matcherId}>
                      <a href={hrefOf('exposures', null, { product: m.productId, status: 'open' })}>
                        {m.productId}
                      </a>
                      : {m.explanation}
                    </p>
                  ))
                : 'No catalog matcher fires on this title.'}
            </dd>
          </dl>
          <h2>Versions</h2>
          <DataTable
            rows={s.versions}
            rowKey={(v) => v.version ?? ''}
            empty="No version reported."
            columns={[
              { label: 'Version', cell: (v) => v.version ?? '(none)' },
              { label: 'Devices', num: true, cell: (v) => fmtInt(v.devices) },
            ]}
          />
        </>
      )}
    </Page>
  );
}
