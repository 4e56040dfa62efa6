// Names the filters offer (products, rules, sources) and "download this view": one report of the list's filters,
// made by the worker, fetched when it is ready.
import { useState } from 'preact/hooks';
import type { ApiClient, Schemas } from '../api/client';
import { reportFiltersOf } from '../state/report-filters';
import { describeError, ErrorNote, StatusNote, useCan, useLoad, useSession } from './core';

export const PLATFORMS: [string, string][] = [
  ['windows', 'Windows'],
  ['macos', 'macOS'],
  ['ios', 'iOS'],
  ['ipados', 'iPadOS'],
  ['android', 'Android'],
  ['linux', 'Linux'],
  ['other', 'Other'],
];

export interface Lookups {
  products: [string, string][];
  rules: [string, string][];
  sources: [string, string][];
}

export function useLookups(): Lookups | undefined {
  const { api } = useSession();
  return useLoad('lookups', async () => {
    const [products, rules, sources] = await Promise.all([
      api.get('/api/v1/catalog/products'),
      api.get('/api/v1/catalog/rules'),
      api.get('/api/v1/sources'),
    ]);
    const byName = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1]);
    return {
      products: (products as { id: string; name: string }[])
        .map((p): [string, string] => [p.id, p.name])
        .sort(byName),
      rules: (rules as { id: string }[]).map((r): [string, string] => [r.id, r.id]).sort(byName),
      sources: (sources as { id: string; name: string }[]).map((s): [string, string] => [s.id, s.name]),
    };
  }).data;
}

type ReportType = Schemas['CreateReportRequest']['type'];
type ReportFilters = NonNullable<Schemas['CreateReportRequest']['filters']>;
type Report = Schemas['ReportResponse'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Queues a report and waits for the worker; `onProgress` hears its status. Throws with the report's error. */
async function makeReport(
  api: ApiClient,
  type: ReportType,
  format: 'xlsx' | 'csv',
  filters: ReportFilters,
  onProgress: (r: Report) => void,
): Promise<Report> {
  let report = await api.post('/api/v1/reports', { body: { type, format, filters } });
  for (;;) {
    onProgress(report);
    if (report.status === 'succeeded') return report;
    if (report.status === 'failed')
      throw new Error(`The report failed: ${report.error ?? 'no reason given'}`);
    await sleep(500);
    report = await api.get('/api/v1/reports/{id}', { params: { id: report.id } });
  }
}

export function DownloadView({ type, filters }: { type: ReportType; filters: Record<string, string> }) {
  const { api } = useSession();
  const can = useCan();
  const [state, setState] = useState<{ busy: boolean; note: string | null; error: string | null }>({
    busy: false,
    note: null,
    error: null,
  });
  if (!can('analyst')) return null;
  const { filters: reportFilters, dropped } = reportFiltersOf(filters, type === 'exposure');
  const go = async (format: 'xlsx' | 'csv') => {
    setState({ busy: true, note: 'Queued…', error: null });
    try {
      const report = await makeReport(api, type, format, reportFilters, (r) =>
        setState((s) => ({ ...s, note: r.status === 'running' ? 'Writing the file…' : 'Queued…' })),
      );
      await api.download(`/api/v1/reports/${encodeURIComponent(report.id)}/download`, `${type}.${format}`);
      setState({
        busy: false,
        note: `Downloaded ${report.fileName ?? ''} (${report.rowCount ?? 0} rows)`,
        error: null,
      });
    } catch (err) {
      setState({ busy: false, note: null, error: describeError(err) });
    }
  };
  return (
    <span class="download-view">
      <button type="button" class="secondary" disabled={state.busy} onClick={() => void go('xlsx')}>
        Download xlsx
      </button>
      <button type="button" class="secondary" disabled={state.busy} onClick={() => void go('csv')}>
        Download CSV
      </button>
      {dropped.length > 0 && (
        <span class="hint">
          The file leaves out the {dropped.join(', ')} filter(s): reports select by product, rule, platform,
          source, severity, search and status (overdue and for review included).
        </span>
      )}
      {state.note && <StatusNote>{state.note}</StatusNote>}
      {state.error && <ErrorNote>{state.error}</ErrorNote>}
    </span>
  );
}
