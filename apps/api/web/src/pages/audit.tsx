// The audit log (admin): who changed what and when, newest first, filterable by what was changed.
import { fmtTime } from '../format';
import { apiQuery, viewFromQuery } from '../state/list';
import type { Route } from '../state/route';
import { Page, useLoad, useReady, useSession } from '../ui/core';
import { DataTable, FilterBar, Pager } from '../ui/table';

const LIMIT = 50;

export function AuditPage({ route }: { route: Route }) {
  const { api } = useSession();
  const view = viewFromQuery(route.query);
  const page = useLoad(JSON.stringify(view), () =>
    api.get('/api/v1/audit-log', { query: apiQuery(view, LIMIT) }),
  );
  useReady('audit', !!page.data);
  const items = page.data?.items ?? [];
  return (
    <Page title="Audit log" loading={page.loading && !page.data} error={page.error}>
      <FilterBar
        page="audit"
        view={view}
        filters={[
          {
            name: 'targetType',
            label: 'What',
            options: ['source', 'exception', 'report', 'report_schedule', 'webhook', 'api_key', 'policy'].map(
              (t): [string, string] => [t, t.replace('_', ' ')],
            ),
          },
          { name: 'targetId', label: 'Id', placeholder: 'the changed item’s id' },
        ]}
      />
      {page.data && (
        <>
          <DataTable
            rows={items}
            rowKey={(a) => a.id}
            caption="Audit log"
            empty="Nothing recorded for these filters."
            columns={[
              { label: 'When', cell: (a) => fmtTime(a.at) },
              { label: 'Who', cell: (a) => `${a.actorName ?? a.actorId ?? '—'} (${a.actorType})` },
              { label: 'Action', cell: (a) => a.action },
              { label: 'What', cell: (a) => `${a.targetType} ${a.targetId ?? ''}` },
              { label: 'Change', cell: (a) => <Change before={a.before} after={a.after} /> },
              { label: 'From', cell: (a) => a.ip ?? '—' },
            ]}
          />
          <Pager
            page="audit"
            view={view}
            shown={items.length}
            limit={LIMIT}
            nextCursor={page.data.nextCursor}
          />
        </>
      )}
    </Page>
  );
}

/** The fields an action changed, as `field: before → after`. */
function Change({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  if (!keys.length) return <span class="muted">—</span>;
  const show = (v: unknown) => (v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <ul class="change">
      {keys.map((k) => (
        <li key={k}>
          <code>{k}</code>: {k in b ? `${show(b[k])} → ` : ''}
          {show(a[k])}
        </li>
      ))}
    </ul>
  );
}
