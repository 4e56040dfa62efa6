// Webhooks: endpoints that receive signed events (SIEMs and chat channels, per event or as digests), their secret
// shown once at creation and at rotation, and each endpoint's deliveries with their attempts — a dead delivery can be
// sent again.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Schemas } from '../api/client';
import { fmtTime } from '../format';
import { hrefOf, type Route } from '../state/route';
import {
  Field,
  formValues,
  Outcome,
  Page,
  Pill,
  RunButton,
  ShownOnce,
  useAction,
  useCan,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { DataTable } from '../ui/table';

type EventType = NonNullable<Schemas['CreateWebhookRequest']['eventTypes']>[number];
type Format = NonNullable<Schemas['CreateWebhookRequest']['format']>;

const EVENT_TYPES: EventType[] = [
  'exposure.detected',
  'exposure.resolved',
  'exposure.overdue',
  'exposure.excepted',
  'sync.failed',
  'sync.completed',
  'report.ready',
];
const FORMATS: [Format, string][] = [
  ['json', 'JSON (Standard Webhooks)'],
  ['splunk_hec', 'Splunk HEC'],
  ['ecs', 'Elastic Common Schema'],
  ['cef', 'CEF (ArcSight, QRadar)'],
  ['slack', 'Slack (incoming webhook)'],
  ['teams', 'Microsoft Teams (Workflows webhook)'],
];
// Digest windows offered; the API takes any whole number of seconds from 60 to 86400.
const DIGEST_WINDOWS: [string, string][] = [
  ['', 'Off: one message per event'],
  ['60', 'Every minute'],
  ['300', 'Every 5 minutes'],
  ['900', 'Every 15 minutes'],
  ['3600', 'Every hour'],
  ['86400', 'Once a day'],
];

/** "every 5 minutes" for a digest window in seconds. */
function digestLabel(seconds: number | null): string {
  if (!seconds) return 'off (one message per event)';
  return DIGEST_WINDOWS.find(([s]) => s === String(seconds))?.[1].toLowerCase() ?? `every ${seconds} s`;
}

export function WebhooksPage({ route }: { route: Route }) {
  return route.id ? <EndpointDetail id={route.id} /> : <EndpointList />;
}

function EndpointList() {
  const { api } = useSession();
  const can = useCan();
  const [secret, setSecret] = useState<string | null>(null);
  const loaded = useLoad('webhooks', () => api.get('/api/v1/webhooks'));
  useReady('webhooks', !!loaded.data);
  return (
    <Page title="Webhooks" loading={loaded.loading && !loaded.data} error={loaded.error}>
      {secret && <ShownOnce label="The endpoint’s signing secret:" value={secret} />}
      {loaded.data && (
        <DataTable
          rows={loaded.data}
          rowKey={(w) => w.id}
          caption="Webhook endpoints"
          empty="No endpoint. Add one to send exposure and sync events to your SIEM or chat."
          columns={[
            { label: 'Name', cell: (w) => <a href={hrefOf('webhooks', w.id)}>{w.name}</a> },
            { label: 'URL', cell: (w) => <code>{w.url}</code> },
            { label: 'Format', cell: (w) => w.format },
            { label: 'Digest', cell: (w) => digestLabel(w.digestWindowSeconds) },
            { label: 'Events', cell: (w) => (w.eventTypes.length ? w.eventTypes.join(', ') : 'all') },
            {
              label: 'State',
              cell: (w) => (
                <span>
                  <Pill value={w.enabled ? 'enabled' : 'disabled'} /> {w.disabledReason ?? ''}
                </span>
              ),
            },
          ]}
        />
      )}
      {can('admin') && (
        <EndpointForm
          onCreated={(s) => {
            setSecret(s);
            loaded.reload();
          }}
        />
      )}
    </Page>
  );
}

// Long because it is one form's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function EndpointForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const { api } = useSession();
  const action = useAction();
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const data = new FormData(form);
    void action.run(async () => {
      const created = await api.post('/api/v1/webhooks', {
        body: {
          name: v.name,
          url: v.url,
          format: v.format as Format,
          digestWindowSeconds: v.digestWindowSeconds ? Number(v.digestWindowSeconds) : null,
          eventTypes: data.getAll('eventTypes').map(String) as EventType[],
        },
      });
      form.reset();
      onCreated(created.secret);
      return `Endpoint “${created.endpoint.name}” added.`;
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="add-webhook">
      <h2 id="add-webhook">Add an endpoint</h2>
      <div class="grid">
        <Field label="Name" invalid={action.field === 'name'}>
          <input name="name" required maxLength={200} placeholder="Splunk" />
        </Field>
        <Field
          label="URL"
          invalid={action.field === 'url'}
          hint="https; private addresses need the outbound allowlist."
        >
          <input name="url" type="url" required placeholder="https://siem.example.com/hooks/interdict" />
        </Field>
        <Field label="Format" invalid={action.field === 'format'}>
          <select name="format">
            {FORMATS.map(([f, label]) => (
              <option value={f} key={f}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Digest"
          invalid={action.field === 'digestWindowSeconds'}
          hint="One message per window summarising its events, e.g. for a chat channel."
        >
          <select name="digestWindowSeconds">
            {DIGEST_WINDOWS.map(([s, label]) => (
              <option value={s} key={s}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset class="checks">
        <legend>Events (none ticked: all)</legend>
        {EVENT_TYPES.map((t) => (
          <label class="check" key={t}>
            <input type="checkbox" name="eventTypes" value={t} /> {t}
          </label>
        ))}
      </fieldset>
      <p>
        <button type="submit" disabled={action.busy}>
          Add endpoint
        </button>
      </p>
      <Outcome action={action} />
    </form>
  );
}

type Endpoint = Schemas['WebhookResponse'];
type Delivery = Schemas['WebhookDeliveryResponse'];
/** Runs an action of the endpoint page and reloads it; the outcome shows under the buttons. */
type Act = (fn: () => Promise<string | void>) => void;

function EndpointDetail({ id }: { id: string }) {
  const { api } = useSession();
  const [secret, setSecret] = useState<string | null>(null);
  const loaded = useLoad(
    `webhook/${id}`,
    () =>
      Promise.all([
        api.get('/api/v1/webhooks/{id}', { params: { id } }),
        api.get('/api/v1/webhooks/{id}/deliveries', { params: { id }, query: { limit: 50 } }),
      ]),
    ([, d]) => (d.items.some((x) => x.status === 'pending' || x.status === 'delivering') ? 2000 : null),
  );
  const [endpoint, deliveries] = loaded.data ?? [];
  useReady('webhooks', !!endpoint);
  const action = useAction();
  const act: Act = (fn) =>
    void action.run(async () => {
      const done = await fn();
      loaded.reload();
      return done;
    });
  return (
    <Page
      title={endpoint ? endpoint.name : 'Webhook'}
      loading={loaded.loading && !endpoint}
      error={loaded.error}
      actions={<a href="#/webhooks">← All endpoints</a>}
    >
      {secret && <ShownOnce label="The new signing secret:" value={secret} />}
      {endpoint && deliveries && (
        <>
          <EndpointFacts endpoint={endpoint} />
          <EndpointActions endpoint={endpoint} act={act} busy={action.busy} onSecret={setSecret} />
          <Outcome action={action} />
          <h2>Deliveries</h2>
          <Deliveries rows={deliveries.items} act={act} />
        </>
      )}
    </Page>
  );
}

function EndpointFacts({ endpoint }: { endpoint: Endpoint }) {
  return (
    <dl class="facts">
      <dt>URL</dt>
      <dd>
        <code>{endpoint.url}</code>
      </dd>
      <dt>Format</dt>
      <dd>{endpoint.format}</dd>
      <dt>Digest</dt>
      <dd>{digestLabel(endpoint.digestWindowSeconds)}</dd>
      <dt>Events</dt>
      <dd>{endpoint.eventTypes.length ? endpoint.eventTypes.join(', ') : 'all'}</dd>
      <dt>State</dt>
      <dd>
        <Pill value={endpoint.enabled ? 'enabled' : 'disabled'} /> {endpoint.disabledReason ?? ''}
      </dd>
      {endpoint.previousSecretExpiresAt && (
        <>
          <dt>Previous secret</dt>
          <dd>also signs until {fmtTime(endpoint.previousSecretExpiresAt)}</dd>
        </>
      )}
    </dl>
  );
}

// Long because it is one row of buttons, each with its one API call and the message it leaves.
function EndpointActions(props: {
  endpoint: Endpoint;
  act: Act;
  busy: boolean;
  onSecret: (secret: string) => void;
}) {
  const { api } = useSession();
  const can = useCan();
  const { endpoint, act, busy } = props;
  const params = { id: endpoint.id };
  if (!can('admin')) return null;
  return (
    <div class="row-actions">
      <RunButton
        act={act}
        busy={busy}
        run={async () => {
          await api.post('/api/v1/webhooks/{id}/test', { params });
          return 'Test event queued: it shows in the deliveries below.';
        }}
      >
        Send a test event
      </RunButton>
      <RunButton
        act={act}
        busy={busy}
        run={async () => {
          await api.patch('/api/v1/webhooks/{id}', { params, body: { enabled: !endpoint.enabled } });
        }}
      >
        {endpoint.enabled ? 'Disable' : 'Enable'}
      </RunButton>
      <RunButton
        act={act}
        busy={busy}
        run={async () => {
          const r = await api.post('/api/v1/webhooks/{id}/rotate-secret', { params, body: {} });
          props.onSecret(r.secret);
          return 'Secret rotated: the old one keeps signing during the grace period.';
        }}
      >
        Rotate secret
      </RunButton>
      <RunButton
        act={act}
        busy={busy}
        run={async () => {
          const r = await api.post('/api/v1/webhooks/{id}/redeliver-dead', { params });
          return `${r.requeued} dead deliveries queued again.`;
        }}
      >
        Redeliver dead
      </RunButton>
      <RunButton
        act={act}
        busy={busy}
        tone="danger"
        confirm={`Delete the endpoint “${endpoint.name}”?`}
        run={async () => {
          await api.delete('/api/v1/webhooks/{id}', { params });
          location.hash = '#/webhooks';
        }}
      >
        Delete
      </RunButton>
    </div>
  );
}

function Deliveries({ rows, act }: { rows: Delivery[]; act: Act }) {
  const { api } = useSession();
  const can = useCan();
  return (
    <DataTable
      rows={rows}
      rowKey={(d) => d.id}
      caption="Deliveries"
      empty="Nothing delivered yet. “Send a test event” sends one."
      columns={[
        { label: 'Created', cell: (d) => fmtTime(d.createdAt) },
        { label: 'Event', cell: (d) => d.eventType },
        { label: 'Status', cell: (d) => <Pill value={d.status} /> },
        { label: 'Attempts', num: true, cell: (d) => d.attempts },
        {
          label: 'Last answer',
          cell: (d) =>
            d.lastError ? <span class="error-text">{d.lastError}</span> : (d.lastStatusCode ?? '—'),
        },
        { label: 'Delivered', cell: (d) => fmtTime(d.deliveredAt) },
        {
          label: '',
          cell: (d) =>
            can('admin') && d.status === 'dead' ? (
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  act(async () => {
                    await api.post('/api/v1/webhook-deliveries/{id}/redeliver', { params: { id: d.id } });
                    return 'Queued again.';
                  })
                }
              >
                Redeliver
              </button>
            ) : null,
        },
      ]}
    />
  );
}
