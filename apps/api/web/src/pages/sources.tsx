// Sources: the MDMs Interdict reads. Add and edit (the API's validation message shown at the field it names),
// test the connection, sync now, and follow a running sync live (phase, devices so far, rate) and past runs.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { GetResult, Schemas } from '../api/client';
import { age, fmtInt, fmtTime } from '../format';
import { hrefOf, type Route } from '../state/route';
import {
  Empty,
  Field,
  formValues,
  Options,
  Outcome,
  Page,
  Pill,
  StatusNote,
  useAction,
  useCan,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { DataTable } from '../ui/table';

type Source = GetResult<'/api/v1/sources'>[number];
type Run = GetResult<'/api/v1/sources/{id}/runs'>[number];
type SourceKind = Schemas['CreateSourceRequest']['kind'];

/** How often a page with a running sync asks again. */
const LIVE_MS = 1000;

export function SourcesPage({ route }: { route: Route }) {
  return route.id ? <SourceDetail id={route.id} /> : <SourceList />;
}

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function SourceList() {
  const { api } = useSession();
  const can = useCan();
  const [adding, setAdding] = useState(false);
  const { loaded, queued } = useLiveSyncs(
    'sources',
    () => api.get('/api/v1/sources'),
    (sources) => sources.some((s) => s.lastRun?.status === 'running'),
  );
  useReady('sources', !!loaded.data);
  const sources = loaded.data ?? [];
  return (
    <Page
      title="Sources"
      loading={loaded.loading && !loaded.data}
      error={loaded.error}
      actions={
        can('admin') && (
          <button type="button" onClick={() => setAdding(!adding)} aria-expanded={adding}>
            Add a source
          </button>
        )
      }
    >
      {adding && (
        <SourceForm
          onSaved={(id) => {
            setAdding(false);
            location.hash = hrefOf('sources', id);
          }}
        />
      )}
      {loaded.data && !sources.length && (
        <Empty>
          No source yet.{' '}
          {can('admin')
            ? 'Add your Intune tenant or Jamf Pro instance with “Add a source”.'
            : 'An admin can add one.'}
        </Empty>
      )}
      {sources.length > 0 && (
        <DataTable
          rows={sources}
          rowKey={(s) => s.id}
          caption="Sources"
          empty=""
          columns={[
            { label: 'Name', cell: (s) => <a href={hrefOf('sources', s.id)}>{s.name}</a> },
            { label: 'Kind', cell: (s) => (s.kind === 'intune' ? 'Microsoft Intune' : 'Jamf Pro') },
            { label: 'Schedule', cell: (s) => (s.enabled ? (s.scheduleCron ?? 'manual') : 'disabled') },
            { label: 'Last run', cell: (s) => (s.lastRun ? <RunState run={s.lastRun} /> : 'never') },
            {
              label: 'Last success',
              cell: (s) => <span title={fmtTime(s.lastSucceededAt)}>{age(s.lastSucceededAt)}</span>,
            },
            { label: '', cell: (s) => <SourceActions source={s} onQueued={queued} /> },
          ]}
        />
      )}
    </Page>
  );
}

/** A run's status; a running one with its live progress, a failed one with its error. */
function RunState({ run }: { run: Run }) {
  if (run.status === 'running') return <Progress run={run} />;
  return (
    <span>
      <Pill value={run.status} /> {fmtInt(run.devicesSeen)} devices · {fmtTime(run.finishedAt)}
      {run.errorMessage && (
        <span class="error-text">
          {' '}
          {run.errorCode}: {run.errorMessage}
        </span>
      )}
    </span>
  );
}

type Progress = {
  phase?: string;
  devices?: number;
  installations?: number;
  requests?: number;
  updatedAt?: string;
};

function Progress({ run }: { run: Run }) {
  const p = (run as { progress?: Progress | null }).progress ?? {};
  const seconds = Math.max(1, (Date.now() - new Date(run.startedAt).getTime()) / 1000);
  const devices = p.devices ?? 0;
  return (
    <span class="progress" role="status" data-testid="sync-progress">
      <Pill value="running" /> {p.phase ?? 'starting'} · {fmtInt(devices)} devices ·{' '}
      {fmtInt(p.installations ?? 0)} installations · {fmtInt(Math.round(devices / seconds))} devices/s ·{' '}
      {Math.round(seconds)} s
    </span>
  );
}

/** While a queued sync has not started yet, a page keeps asking (the worker picks it up within seconds). */
const QUEUED_WAIT_MS = 15_000;

/** Loads `fn`, and again every second while `running` says a sync runs or one was just queued (`queued()`). */
function useLiveSyncs<T>(key: string, fn: () => Promise<T>, running: (data: T) => boolean) {
  const [queuedAt, setQueuedAt] = useState(0);
  const loaded = useLoad(key, fn, (data) =>
    running(data) || Date.now() - queuedAt < QUEUED_WAIT_MS ? LIVE_MS : null,
  );
  const queued = () => {
    setQueuedAt(Date.now());
    loaded.reload();
  };
  return { loaded, queued };
}

function SourceActions({ source, onQueued }: { source: Source; onQueued: () => void }) {
  const { api } = useSession();
  const can = useCan();
  const action = useAction();
  if (!can('admin')) return null;
  return (
    <div class="row-actions">
      <button
        type="button"
        class="secondary"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const r = (await api.post('/api/v1/sources/{id}/test', { params: { id: source.id } })) as {
              ok: boolean;
              message: string;
              latencyMs?: number;
            };
            if (!r.ok) throw new Error(`Connection failed: ${r.message}`);
            return `Connection works: ${r.message}${r.latencyMs !== undefined ? ` (${r.latencyMs} ms)` : ''}`;
          })
        }
      >
        Test connection
      </button>
      <button
        type="button"
        data-testid={`sync-${source.name}`}
        disabled={action.busy || source.lastRun?.status === 'running'}
        onClick={() =>
          void action.run(async () => {
            await api.post('/api/v1/sources/{id}/sync', { params: { id: source.id } });
            onQueued();
            return 'Sync queued: progress shows here as the worker runs it.';
          })
        }
      >
        Sync now
      </button>
      <Outcome action={action} />
    </div>
  );
}

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function SourceDetail({ id }: { id: string }) {
  const { api } = useSession();
  const can = useCan();
  const { loaded, queued } = useLiveSyncs(
    `source/${id}`,
    () =>
      Promise.all([
        api.get('/api/v1/sources/{id}', { params: { id } }),
        api.get('/api/v1/sources/{id}/runs', { params: { id }, query: { limit: 20 } }),
      ]),
    ([, runs]) => runs.some((r) => r.status === 'running'),
  );
  const [source, runs] = loaded.data ?? [];
  useReady('sources', !!source);
  const remove = useAction();
  return (
    <Page
      title={source ? source.name : 'Source'}
      loading={loaded.loading && !source}
      error={loaded.error}
      actions={<a href="#/sources">← All sources</a>}
    >
      {source && runs && (
        <>
          <SourceActions source={source} onQueued={queued} />
          <h2>Runs</h2>
          <DataTable
            rows={runs}
            rowKey={(r) => r.id}
            caption="Sync runs"
            empty="This source has not synced yet: “Sync now” starts one."
            columns={[
              { label: 'Started', cell: (r) => fmtTime(r.startedAt) },
              { label: 'Trigger', cell: (r) => r.trigger },
              { label: 'Status', cell: (r) => <RunState run={r} /> },
              {
                label: 'Devices (new / removed)',
                num: true,
                cell: (r) =>
                  `${fmtInt(r.devicesSeen)} (${fmtInt(r.devicesNew)} / ${fmtInt(r.devicesRemoved)})`,
              },
              { label: 'Installations', num: true, cell: (r) => fmtInt(r.installationsSeen) },
              { label: 'Requests', num: true, cell: (r) => fmtInt(r.requests) },
            ]}
          />
          {can('admin') && source.declaredIn === 'api' && (
            <>
              <SourceForm source={source} onSaved={loaded.reload} />
              <p>
                <button
                  type="button"
                  class="danger"
                  disabled={remove.busy}
                  onClick={() =>
                    confirm(
                      `Delete the source “${source.name}”? Its devices and their exposures go with it.`,
                    ) &&
                    void remove.run(async () => {
                      await api.delete('/api/v1/sources/{id}', { params: { id } });
                      location.hash = '#/sources';
                    })
                  }
                >
                  Delete this source
                </button>
              </p>
              <Outcome action={remove} />
            </>
          )}
          {source.declaredIn !== 'api' && (
            <StatusNote>This source is declared in the configuration files; change it there.</StatusNote>
          )}
        </>
      )}
    </Page>
  );
}

const KIND_FIELDS: Record<
  SourceKind,
  { name: string; label: string; hint?: string; placeholder?: string }[]
> = {
  intune: [
    { name: 'tenantId', label: 'Tenant id', placeholder: 'contoso.onmicrosoft.com' },
    {
      name: 'clientId',
      label: 'Application (client) id',
      placeholder: '00000000-0000-0000-0000-000000000000',
    },
  ],
  jamf: [
    { name: 'baseUrl', label: 'Jamf Pro URL', placeholder: 'https://acme.jamfcloud.com' },
    { name: 'clientId', label: 'API client id' },
  ],
};

const CLOUDS: [string, string][] = [
  ['public', 'Commercial'],
  ['gcc-high', 'GCC High'],
  ['dod', 'DoD'],
  ['china', 'China (21Vianet)'],
];
const STRATEGIES: [string, string][] = [
  ['export', 'Reports export (bulk, preferred)'],
  ['perDevice', 'Per device (detectedApps)'],
];
const textSetting = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Settings the form shows as fields; the others are edited as JSON under "More settings". */
const FORM_FIELDS = new Set(['tenantId', 'clientId', 'baseUrl', 'cloud', 'strategy']);

/** Add (no `source`) or edit a source; the secret is write-only (left empty = unchanged). */
// Long because it is one form's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function SourceForm({ source, onSaved }: { source?: Source; onSaved: (id: string) => void }) {
  const { api } = useSession();
  const action = useAction();
  const [kind, setKind] = useState<SourceKind>(source?.kind ?? 'intune');
  const settings = (source?.settings ?? {}) as Record<string, unknown>;
  const extra = Object.fromEntries(Object.entries(settings).filter(([k]) => !FORM_FIELDS.has(k)));
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    void action.run(async () => {
      let more: Record<string, unknown> = {};
      if (v.more) {
        try {
          more = JSON.parse(v.more) as Record<string, unknown>;
        } catch (err) {
          throw new Error(`More settings is not JSON: ${(err as Error).message}`);
        }
      }
      const fields = Object.fromEntries(
        [...KIND_FIELDS[kind].map((f) => f.name), ...(kind === 'intune' ? ['cloud', 'strategy'] : [])]
          .filter((n) => v[n])
          .map((n) => [n, v[n]]),
      );
      const body = {
        name: v.name,
        settings: { ...more, ...fields },
        schedule: v.schedule || undefined,
        enabled: v.enabled === 'true',
        ...(v.secret ? { secret: v.secret } : {}),
      };
      if (source) {
        await api.patch('/api/v1/sources/{id}', { params: { id: source.id }, body });
        onSaved(source.id);
        return 'Saved.';
      }
      const created = (await api.post('/api/v1/sources', { body: { ...body, kind } })) as { id: string };
      onSaved(created.id);
      return 'Source added.';
    });
  };
  const bad = (name: string) => action.field === name || action.field === `settings.${name}`;
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="source-form" data-testid="source-form">
      <h2 id="source-form">{source ? 'Edit this source' : 'Add a source'}</h2>
      <div class="grid">
        <Field label="Name" invalid={bad('name')}>
          <input name="name" required defaultValue={source?.name ?? ''} maxLength={200} />
        </Field>
        <Field label="Kind">
          <select
            name="kind"
            value={kind}
            disabled={!!source}
            onChange={(e) => setKind(e.currentTarget.value as SourceKind)}
          >
            <option value="intune">Microsoft Intune (Graph)</option>
            <option value="jamf">Jamf Pro</option>
          </select>
        </Field>
        {KIND_FIELDS[kind].map((f) => (
          <Field label={f.label} invalid={bad(f.name)} key={`${kind}/${f.name}`}>
            <input
              name={f.name}
              required={!source}
              placeholder={f.placeholder}
              defaultValue={textSetting(settings[f.name])}
            />
          </Field>
        ))}
        {kind === 'intune' && (
          <>
            <Field label="Cloud" invalid={bad('cloud')}>
              <select name="cloud">
                <Options options={CLOUDS} selected={textSetting(settings.cloud) || 'public'} />
              </select>
            </Field>
            <Field label="Inventory" invalid={bad('strategy')}>
              <select name="strategy">
                <Options options={STRATEGIES} selected={textSetting(settings.strategy) || 'export'} />
              </select>
            </Field>
          </>
        )}
        <Field
          label={source?.hasSecret ? 'Client secret (set; leave empty to keep)' : 'Client secret'}
          invalid={bad('secret')}
          hint="Stored encrypted; never shown again."
        >
          <input type="password" name="secret" autocomplete="off" required={!source} />
        </Field>
        <Field label="Schedule (cron, UTC)" invalid={bad('schedule')} hint="Empty: sync only on demand.">
          <input
            name="schedule"
            defaultValue={source ? (source.scheduleCron ?? '') : '0 */6 * * *'}
            placeholder="0 */6 * * *"
          />
        </Field>
        <label class="check">
          <input type="checkbox" name="enabled" defaultChecked={source?.enabled ?? true} /> Enabled
        </label>
      </div>
      <details>
        <summary>More settings (JSON)</summary>
        <Field
          label="Other connector settings"
          invalid={!!action.field?.startsWith('settings.') && !KIND_FIELDS[kind].some((f) => bad(f.name))}
          hint="For example pageSize, caCertPem, graphBaseUrl; see docs/mdm-apis.md."
        >
          <textarea
            name="more"
            rows={5}
            defaultValue={Object.keys(extra).length ? JSON.stringify(extra, null, 2) : ''}
          />
        </Field>
      </details>
      <p>
        <button type="submit" disabled={action.busy}>
          {source ? 'Save' : 'Add source'}
        </button>
      </p>
      <Outcome action={action} />
    </form>
  );
}
