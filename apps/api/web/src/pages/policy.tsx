// Policy: the rules that apply to this organisation's profile and why, and a preview of another profile (what it
// would open or close) before anyone changes the configuration.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Schemas } from '../api/client';
import { fmtInt } from '../format';
import type { Route } from '../state/route';
import {
  describeError,
  ErrorNote,
  Page,
  Pill,
  textOf,
  useCan,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { DataTable } from '../ui/table';

type Preview = Schemas['PolicyPreviewResponse'];
const list = (v: string[]) => (v.length ? v.join(', ') : 'none');
const split = (s: FormDataEntryValue | null) =>
  textOf(s)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function PolicyPage(_: { route: Route }) {
  const { api } = useSession();
  const can = useCan();
  const loaded = useLoad('policy', () =>
    Promise.all([api.get('/api/v1/policy'), api.get('/api/v1/catalog')]),
  );
  const [policy, catalog] = loaded.data ?? [];
  useReady('policy', !!policy);
  return (
    <Page
      title="Rules that apply to this organisation"
      loading={loaded.loading && !policy}
      error={loaded.error}
    >
      {policy && catalog && (
        <>
          <p class="muted">
            Profile (configuration, <code>policy:</code>): jurisdictions {list(policy.profile.jurisdictions)};
            sectors {list(policy.profile.sectors)}; enabled {list(policy.profile.enableRules)}; disabled{' '}
            {list(policy.profile.disableRules)}. Catalog {(catalog as { version: string }).version}. Binding
            rules set due dates; review rules show their products without a due date, never overdue.
          </p>
          <DataTable
            rows={policy.rules}
            rowKey={(r) => r.ruleId}
            caption="Rules and their standing"
            empty="The catalog has no rules."
            columns={[
              {
                label: 'Rule',
                cell: (r) => (
                  <a href={`#/catalog?rule=${encodeURIComponent(r.ruleId)}`} title={r.citation}>
                    {r.ruleId}
                  </a>
                ),
              },
              { label: 'Title', cell: (r) => r.title },
              { label: 'Kind', cell: (r) => r.kind },
              { label: 'Standing', cell: (r) => <Pill value={r.standing} /> },
              { label: 'Why', cell: (r) => r.why },
            ]}
          />
          {can('analyst') && <PreviewForm profile={policy.profile} />}
        </>
      )}
    </Page>
  );
}

// Long because it is one form and its result's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function PreviewForm({ profile }: { profile: Schemas['Profile'] }) {
  const { api } = useSession();
  const [state, setState] = useState<{ busy: boolean; result?: Preview; error?: string }>({ busy: false });
  const submit = async (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setState({ busy: true });
    try {
      const result = await api.post('/api/v1/policy/preview', {
        body: {
          jurisdictions: split(data.get('jurisdictions')),
          sectors: split(data.get('sectors')),
          enableRules: split(data.get('enableRules')),
          disableRules: split(data.get('disableRules')),
        },
      });
      setState({ busy: false, result });
    } catch (err) {
      setState({ busy: false, error: describeError(err) });
    }
  };
  const input = (name: keyof Schemas['Profile'], label: string, hint: string) => (
    <label>
      <span class="label">{label}</span>
      <input name={name} defaultValue={profile[name].join(', ')} placeholder={hint} />
    </label>
  );
  const r = state.result;
  const row = (label: string, a: number, b: number) => ({ label, a, b });
  return (
    <>
      <h2>Rule impact preview</h2>
      <p class="muted">
        Try another profile and see what it would open or close. Fields are comma-separated; nothing is
        changed.
      </p>
      <form class="filters" onSubmit={(e) => void submit(e)}>
        {input('jurisdictions', 'Jurisdictions', 'US, US-TX, DE…')}
        {input('sectors', 'Sectors', 'federal-contractor, state-agency…')}
        {input('enableRules', 'Enable rules', 'rule ids')}
        {input('disableRules', 'Disable rules', 'rule ids')}
        <div class="buttons">
          <button type="submit" disabled={state.busy}>
            {state.busy ? 'Computing…' : 'Preview'}
          </button>
        </div>
      </form>
      <div data-testid="preview-result">
        {state.error && <ErrorNote>{state.error}</ErrorNote>}
        {r && (
          <>
            <DataTable
              rows={[
                row('Exposed devices', r.current.exposedDevices, r.proposed.exposedDevices),
                row('Exposures', r.current.exposures, r.proposed.exposures),
                row('Overdue', r.current.overdueExposures, r.proposed.overdueExposures),
                row('For review', r.current.reviewExposures, r.proposed.reviewExposures),
              ]}
              rowKey={(x) => x.label}
              empty=""
              columns={[
                { label: '', cell: (x) => x.label },
                { label: 'Now', num: true, cell: (x) => fmtInt(x.a) },
                { label: 'Proposed', num: true, cell: (x) => fmtInt(x.b) },
                { label: 'Change', num: true, cell: (x) => fmtInt(x.b - x.a) },
              ]}
            />
            <p data-testid="preview-moves">
              Would open {fmtInt(r.added.exposures)} exposure(s) on {fmtInt(r.added.devices)} newly exposed
              device(s); would close {fmtInt(r.removed.exposures)} exposure(s), {fmtInt(r.removed.devices)}{' '}
              device(s) no longer exposed. Nothing was changed.
            </p>
            <h3>Rules whose standing changes</h3>
            <DataTable
              rows={r.rules}
              rowKey={(x) => x.ruleId}
              empty="No rule changes standing."
              columns={[
                { label: 'Rule', cell: (x) => x.ruleId },
                { label: 'Now', cell: (x) => <Pill value={x.before} /> },
                { label: 'Proposed', cell: (x) => <Pill value={x.after} /> },
                { label: 'Why', cell: (x) => x.reason },
              ]}
            />
            <h3>Products whose counts change</h3>
            <DataTable
              rows={r.byProduct}
              rowKey={(x) => x.productId}
              empty="No product changes."
              columns={[
                { label: 'Product', cell: (x) => x.productName },
                { label: 'Exposures now', num: true, cell: (x) => fmtInt(x.before.exposures) },
                { label: 'Proposed', num: true, cell: (x) => fmtInt(x.after.exposures) },
                { label: 'Overdue now', num: true, cell: (x) => fmtInt(x.before.overdueExposures) },
                { label: 'Proposed', num: true, cell: (x) => fmtInt(x.after.overdueExposures) },
              ]}
            />
          </>
        )}
      </div>
    </>
  );
}
