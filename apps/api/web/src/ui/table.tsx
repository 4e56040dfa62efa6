// A server-side list on screen: filters (in the URL), sortable headers, total count, cursor paging and "download
// this view". The state rules are in state/list.ts.
import type { ComponentChildren, TargetedEvent } from 'preact';
import { textOf } from './core';
import {
  type ListView,
  hrefOfView,
  nextPage,
  previousPage,
  rangeLabel,
  sortState,
  withSort,
} from '../state/list';

export interface Column<T> {
  label: string;
  /** The API's sort field, when the list can be sorted by this column. */
  sort?: string;
  /** Sort descending on the first click (dates: newest first). */
  sortDescending?: boolean;
  num?: boolean;
  cell: (row: T) => ComponentChildren;
}

export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: T[];
  empty: ComponentChildren;
  view?: ListView;
  page?: string;
  defaultSort?: string;
  caption?: string;
  rowKey: (row: T) => string;
}) {
  if (!props.rows.length) return <p class="empty">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        {props.caption && <caption class="sr-only">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => {
              const state =
                c.sort && props.view ? sortState(props.view, c.sort, props.defaultSort) : undefined;
              return (
                <th class={c.num ? 'num' : undefined} aria-sort={state} scope="col" key={c.label}>
                  {c.sort && props.view && props.page ? (
                    <a
                      class="sort"
                      href={hrefOfView(props.page, withSort(props.view, c.sort, c.sortDescending))}
                      title={`Sort by ${c.label.toLowerCase()}`}
                    >
                      {c.label}
                      <span aria-hidden="true">
                        {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}
                      </span>
                    </a>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td class={c.num ? 'num' : undefined} key={c.label}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "1–50 of 1,234 · Previous · Next": cursor paging, the trail kept in the URL. */
export function Pager(props: {
  page: string;
  view: ListView;
  shown: number;
  limit: number;
  total?: number | null;
  nextCursor?: string | null;
}) {
  const { view } = props;
  return (
    <nav class="pager" aria-label="Pages">
      <span data-testid="range">{rangeLabel(view, props.shown, props.limit, props.total)}</span>
      {view.cursors.length > 0 && <a href={hrefOfView(props.page, previousPage(view))}>← Previous</a>}
      {props.nextCursor && <a href={hrefOfView(props.page, nextPage(view, props.nextCursor))}>Next →</a>}
    </nav>
  );
}

export interface FilterDef {
  name: string;
  label: string;
  /** A select's options ([value, label]); without, a text input. */
  options?: [string, string][];
  placeholder?: string;
}

/** The filter form: submitting it navigates to the filtered view (first page); "Clear" drops every filter. */
export function FilterBar(props: {
  page: string;
  view: ListView;
  filters: FilterDef[];
  extra?: ComponentChildren;
}) {
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const filters: Record<string, string> = {};
    if (props.view.filters.sort) filters.sort = props.view.filters.sort;
    for (const f of props.filters) {
      const v = textOf(data.get(f.name));
      if (v) filters[f.name] = v;
    }
    location.hash = hrefOfView(props.page, { filters, cursors: [] });
  };
  return (
    // Keyed by the view: what a person typed stays while the page re-renders, and a new view starts afresh.
    <form class="filters" role="search" onSubmit={submit} key={JSON.stringify(props.view.filters)}>
      {props.filters.map((f) => (
        <label key={f.name}>
          <span class="label">{f.label}</span>
          {f.options ? (
            <select name={f.name}>
              <option value="">Any</option>
              {f.options.map(([v, l]) => (
                <option value={v} key={v} selected={v === props.view.filters[f.name]}>
                  {l}
                </option>
              ))}
            </select>
          ) : (
            <input
              name={f.name}
              defaultValue={props.view.filters[f.name] ?? ''}
              placeholder={f.placeholder}
            />
          )}
        </label>
      ))}
      <div class="buttons">
        <button type="submit">Apply</button>
        <a class="button secondary" href={hrefOfView(props.page, { filters: {}, cursors: [] })}>
          Clear
        </a>
        {props.extra}
      </div>
    </form>
  );
}
