// Exceptions: an approved, expiring decision that a device, serial number or group may keep a product (or may
// ignore a rule). Create, edit, revoke; an exposure page offers the form pre-filled for its device.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { GetResult } from '../api/client';
import { fmtDate, fmtTime } from '../format';
import { hrefOf, type Route } from '../state/route';
import {
  Field,
  formValues,
  Outcome,
  Page,
  Pill,
  useAction,
  useCan,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { useLookups } from '../ui/lookups';
import { DataTable } from '../ui/table';

type Exception = GetResult<'/api/v1/exceptions'>[number];

/** The end of a date input's day, in UTC, as the API wants it. */
const endOfDay = (day: string) => (day ? `${day}T23:59:59Z` : '');
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
export function ExceptionsPage({ route }: { route: Route }) {
  const { api } = useSession();
  const can = useCan();
  const active = route.query.active ?? 'true';
  const loaded = useLoad(`exceptions/${active}`, () =>
    api.get('/api/v1/exceptions', { query: active === 'all' ? {} : { active: true } }),
  );
  useReady('exceptions', !!loaded.data);
  const rows = loaded.data ?? [];
  return (
    <Page
      title="Exceptions"
      loading={loaded.loading && !loaded.data}
      error={loaded.error}
      actions={
        <nav class="tabs" aria-label="Which exceptions">
          <a href={hrefOf('exceptions', null, {})} aria-current={active === 'true' ? 'page' : undefined}>
            Active
          </a>
          <a
            href={hrefOf('exceptions', null, { active: 'all' })}
            aria-current={active === 'all' ? 'page' : undefined}
          >
            All, with revoked and expired
          </a>
        </nav>
      }
    >
      {loaded.data && (
        <DataTable
          rows={rows}
          rowKey={(x) => x.id}
          caption="Exceptions"
          empty={
            can('analyst')
              ? 'No exception. Create one below, or from an exposure’s page, when a device may keep a product for a while.'
              : 'No exception.'
          }
          columns={[
            { label: 'Scope', cell: (x) => `${x.scopeType} ${x.scopeValue}` },
            { label: 'Product', cell: (x) => x.productId ?? 'any' },
            { label: 'Rule', cell: (x) => x.ruleId ?? 'any' },
            { label: 'Reason', cell: (x) => x.reason },
            { label: 'Approved by', cell: (x) => x.approvedBy },
            { label: 'Expires', cell: (x) => fmtDate(x.expiresAt) },
            {
              label: 'State',
              cell: (x) => <Pill value={x.isActive ? 'active' : x.revokedAt ? 'revoked' : 'expired'} />,
            },
            {
              label: '',
              cell: (x) =>
                can('analyst') && x.isActive ? <ExceptionActions x={x} onDone={loaded.reload} /> : null,
            },
          ]}
        />
      )}
      {can('analyst') && <ExceptionForm onCreated={() => loaded.reload()} />}
    </Page>
  );
}

function ExceptionActions({ x, onDone }: { x: Exception; onDone: () => void }) {
  const { api } = useSession();
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const save = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    void action.run(async () => {
      await api.patch('/api/v1/exceptions/{id}', {
        params: { id: x.id },
        body: { reason: v.reason, approvedBy: v.approvedBy, expiresAt: endOfDay(v.expiresAt) },
      });
      setEditing(false);
      onDone();
      return 'Saved';
    });
  };
  return (
    <div class="row-actions">
      <button type="button" class="secondary" onClick={() => setEditing(!editing)} aria-expanded={editing}>
        Edit
      </button>
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            await api.post('/api/v1/exceptions/{id}/revoke', { params: { id: x.id } });
            onDone();
            return 'Revoked';
          })
        }
      >
        Revoke
      </button>
      {editing && (
        <form class="inline-form" onSubmit={save}>
          <Field label="Reason" invalid={action.field === 'reason'}>
            <input name="reason" defaultValue={x.reason} required />
          </Field>
          <Field label="Approved by" invalid={action.field === 'approvedBy'}>
            <input name="approvedBy" defaultValue={x.approvedBy} required />
          </Field>
          <Field label="Expires" invalid={action.field === 'expiresAt'}>
            <input type="date" name="expiresAt" defaultValue={x.expiresAt.slice(0, 10)} required />
          </Field>
          <button type="submit" disabled={action.busy}>
            Save
          </button>
        </form>
      )}
      <Outcome action={action} />
    </div>
  );
}

export interface ExceptionPreset {
  productId?: string;
  ruleId?: string;
  scopeType?: 'device' | 'serial' | 'group';
  scopeValue?: string;
  serial?: string;
}

/** The create form; from an exposure it is pre-filled with its product and device (or its serial number). */
// Long because it is one form's markup, read top to bottom; its logic is in the hooks and helpers it calls.
export function ExceptionForm({
  preset = {},
  onCreated,
}: {
  preset?: ExceptionPreset;
  /** Hears what was created, for a page that outlives the form (an excepted exposure hides it). */
  onCreated: (message: string) => void;
}) {
  const { api } = useSession();
  const lookups = useLookups();
  const action = useAction();
  const [scope, setScope] = useState(preset.scopeType ?? 'device');
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const form = e.currentTarget;
    void action.run(async () => {
      if (!v.productId && !v.ruleId)
        throw new Error('Choose a product, a rule or both: an exception must name what it allows.');
      const created = await api.post('/api/v1/exceptions', {
        body: {
          productId: v.productId || undefined,
          ruleId: v.ruleId || undefined,
          scopeType: v.scopeType as 'device' | 'serial' | 'group',
          scopeValue: v.scopeValue,
          reason: v.reason,
          approvedBy: v.approvedBy,
          expiresAt: endOfDay(v.expiresAt),
        },
      });
      form.reset();
      const message = `Exception created (expires ${fmtTime(created.expiresAt)}); exposure is recomputed within seconds.`;
      onCreated(message);
      return message;
    });
  };
  const scopeValue =
    scope === preset.scopeType ? preset.scopeValue : scope === 'serial' ? preset.serial : undefined;
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="exception-form">
      <h2 id="exception-form">Create an exception</h2>
      <div class="grid">
        <Field label="Product" invalid={action.field === 'productId'}>
          <select name="productId">
            <option value="">Any product (with a rule)</option>
            {lookups?.products.map(([id, name]) => (
              <option value={id} key={id} selected={id === preset.productId}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Rule" invalid={action.field === 'ruleId'}>
          <select name="ruleId">
            <option value="">Every rule</option>
            {lookups?.rules.map(([id]) => (
              <option value={id} key={id} selected={id === preset.ruleId}>
                {id}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Applies to" invalid={action.field === 'scopeType'}>
          <select
            name="scopeType"
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value as typeof scope)}
          >
            <option value="device">One device (its id)</option>
            <option value="serial">A serial number</option>
            <option value="group">A group (device tag)</option>
          </select>
        </Field>
        <Field
          label={scope === 'device' ? 'Device id' : scope === 'serial' ? 'Serial number' : 'Group'}
          invalid={action.field === 'scopeValue'}
        >
          <input name="scopeValue" defaultValue={scopeValue ?? ''} required key={scope} />
        </Field>
        <Field label="Reason" invalid={action.field === 'reason'}>
          <input name="reason" required placeholder="Lab machine isolated; replacement ordered" />
        </Field>
        <Field label="Approved by" invalid={action.field === 'approvedBy'}>
          <input name="approvedBy" required placeholder="CISO Jane Doe" />
        </Field>
        <Field label="Expires (end of day, UTC)" invalid={action.field === 'expiresAt'}>
          <input type="date" name="expiresAt" required defaultValue={inDays(30)} min={inDays(1)} />
        </Field>
      </div>
      <p>
        <button type="submit" disabled={action.busy}>
          Create exception
        </button>
      </p>
      <Outcome action={action} />
    </form>
  );
}
