// One server-side list page: the filter form, the API's page of rows with its total, sortable headers, paging and
// "download this view" — the exposures, devices and software lists differ only in what they pass here.
import type { ComponentChildren } from 'preact';
import type { GetResult } from '../api/client';
import { apiQuery, viewFromQuery } from '../state/list';
import type { ReportType } from '../state/report-types';
import type { Route } from '../state/route';
import { Page, useLoad, useReady, useSession } from './core';
import { DownloadView } from './lookups';
import { DataTable, FilterBar, Pager, type Column, type FilterDef } from './table';

export type ListPath = '/api/v1/exposures' | '/api/v1/devices' | '/api/v1/software';
export type ItemOf<P extends ListPath> = GetResult<P>['items'][number];

export interface ServerListProps<P extends ListPath> {
  route: Route;
  /** The page's id in the URL (and its `data-ready` name). */
  page: string;
  title: string;
  path: P;
  limit: number;
  filters: FilterDef[];
  columns: Column<ItemOf<P>>[];
  rowKey: (row: ItemOf<P>) => string;
  /** The API's sort when the URL names none. */
  defaultSort: string;
  /** The report "download this view" makes. */
  download: ReportType;
  empty: { filtered: ComponentChildren; none: ComponentChildren };
}

export function ServerList<P extends ListPath>(props: ServerListProps<P>) {
  const { api } = useSession();
  const view = viewFromQuery(props.route.query);
  const loaded = useLoad(
    `${props.path} ${JSON.stringify(view)}`,
    // For a path still generic here, TypeScript cannot pick its query type or answer: the query is the view's (the
    // lists share paging, `total` and filter names from the URL), the answer one of the three lists' pages.
    () =>
      api.get(props.path, { query: { ...apiQuery(view, props.limit), total: true } as never }) as Promise<
        GetResult<P>
      >,
  );
  useReady(props.page, !!loaded.data);
  const data = loaded.data;
  return (
    <Page title={props.title} loading={loaded.loading && !data} error={loaded.error}>
      <FilterBar
        page={props.page}
        view={view}
        filters={props.filters}
        extra={<DownloadView type={props.download} filters={view.filters} />}
      />
      {data && (
        <>
          <DataTable
            columns={props.columns}
            rows={data.items}
            rowKey={props.rowKey}
            view={view}
            page={props.page}
            defaultSort={props.defaultSort}
            caption={props.title}
            empty={Object.keys(view.filters).length ? props.empty.filtered : props.empty.none}
          />
          <Pager
            page={props.page}
            view={view}
            shown={data.items.length}
            limit={props.limit}
            total={data.total}
            nextCursor={data.nextCursor}
          />
        </>
      )}
    </Page>
  );
}
