// Software: every distinct title the fleet reports, searchable, with what the catalog matched and why; one title
// with its versions and device counts.
import { fmtDate, fmtInt } from '../format';
import { apiQuery, viewFromQuery } from '../state/list';
import { hrefOf, type Route } from '../state/route';
import { Page, useLoad, useReady, useSession } from '../ui/core';
import { DownloadView, PLATFORMS } from '../ui/lookups';
import { DataTable, FilterBar, Pager } from '../ui/table';

const LIMIT = 100;

export function SoftwarePage({ route }: { route: Route }) {
  return route.id ? <SoftwareDetail id={route.id} /> : <SoftwareList route={route} />;
}

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function SoftwareList({ route }: { route: Route }) {
  const { api } = useSession();
  const view = viewFromQuery(route.query);
  const page = useLoad(JSON.stringify(view), () =>
    api.get('/api/v1/software', { query: { ...apiQuery(view, LIMIT), total: true } }),
  );
  useReady('software', !!page.data);
  const items = page.data?.items ?? [];
  return (
    <Page title="Software" loading={page.loading && !page.data} error={page.error}>
      <FilterBar
        page="software"
        view={view}
        filters={[
          { name: 'q', label: 'Search', placeholder: 'title, publisher or bundle id' },
          { name: 'platform', label: 'Platform', options: PLATFORMS },
          {
            name: 'matched',
            label: 'Catalog',
            options: [
              ['true', 'Matched by the catalog'],
              ['false', 'Not matched'],
            ],
          },
        ]}
        extra={<DownloadView type="software" filters={view.filters} />}
      />
      {page.data && (
        <>
          <DataTable
            rows={items}
            rowKey={(s) => s.id}
            view={view}
            page="software"
            defaultSort="id"
            caption="Software titles"
            empty={
              Object.keys(view.filters).length ? 'No title matches these filters.' : 'No software synced yet.'
            }
            columns={[
              { label: 'Title', cell: (s) => <a href={hrefOf('software', s.id)}>{s.name}</a> },
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
            ]}
          />
          <Pager
            page="software"
            view={view}
            shown={items.length}
            limit={LIMIT}
            total={page.data.total}
            nextCursor={page.data.nextCursor}
          />
        </>
      )}
    </Page>
  );
}

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
