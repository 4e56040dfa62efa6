// API keys (admin): create one with a role (its text shown once), see when each was last used, revoke.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { fmtTime } from '../format';
import type { Route } from '../state/route';
import {
  Field,
  formValues,
  Outcome,
  Page,
  Pill,
  ShownOnce,
  useAction,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { DataTable } from '../ui/table';

type Role = 'viewer' | 'analyst' | 'admin';

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
export function KeysPage(_: { route: Route }) {
  const { api } = useSession();
  const [created, setCreated] = useState<string | null>(null);
  const loaded = useLoad('keys', () => api.get('/api/v1/api-keys'));
  useReady('keys', !!loaded.data);
  const create = useAction();
  const revoke = useAction();
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    void create.run(async () => {
      const r = await api.post('/api/v1/api-keys', {
        body: {
          name: v.name,
          role: v.role as Role,
          ...(v.expiresAt ? { expiresAt: `${v.expiresAt}T23:59:59Z` } : {}),
        },
      });
      setCreated((r as { key: string }).key);
      form.reset();
      loaded.reload();
      return `Key “${v.name}” created.`;
    });
  };
  return (
    <Page title="API keys" loading={loaded.loading && !loaded.data} error={loaded.error}>
      {created && <ShownOnce label="The new API key:" value={created} />}
      {loaded.data && (
        <DataTable
          rows={loaded.data}
          rowKey={(k) => k.id}
          caption="API keys"
          empty="No key."
          columns={[
            { label: 'Name', cell: (k) => k.name },
            { label: 'Prefix', cell: (k) => <code>idk_{k.prefix}_…</code> },
            { label: 'Role', cell: (k) => k.role },
            { label: 'State', cell: (k) => <Pill value={k.status} /> },
            { label: 'Created', cell: (k) => `${fmtTime(k.createdAt)} by ${k.createdBy}` },
            { label: 'Last used', cell: (k) => fmtTime(k.lastUsedAt) },
            { label: 'Expires', cell: (k) => fmtTime(k.expiresAt) },
            {
              label: '',
              cell: (k) =>
                k.status === 'active' ? (
                  <button
                    type="button"
                    class="danger"
                    disabled={revoke.busy}
                    onClick={() =>
                      confirm(`Revoke the key “${k.name}”? Anything using it stops working at once.`) &&
                      void revoke.run(async () => {
                        await api.post('/api/v1/api-keys/{id}/revoke', { params: { id: k.id } });
                        loaded.reload();
                        return `Key “${k.name}” revoked.`;
                      })
                    }
                  >
                    Revoke
                  </button>
                ) : null,
            },
          ]}
        />
      )}
      <Outcome action={revoke} />
      <form class="card form" onSubmit={submit} aria-labelledby="create-key">
        <h2 id="create-key">Create a key</h2>
        <div class="grid">
          <Field label="Name" invalid={create.field === 'name'} hint="Who or what uses it">
            <input name="name" required maxLength={120} placeholder="splunk reader" />
          </Field>
          <Field label="Role" invalid={create.field === 'role'}>
            <select name="role">
              <option value="viewer">Viewer — reads exposure, devices, reports</option>
              <option value="analyst">Analyst — also exceptions, reports, schedules</option>
              <option value="admin">Admin — also sources, webhooks, keys</option>
            </select>
          </Field>
          <Field label="Expires (optional)" invalid={create.field === 'expiresAt'}>
            <input type="date" name="expiresAt" />
          </Field>
        </div>
        <p>
          <button type="submit" disabled={create.busy}>
            Create key
          </button>
        </p>
        <Outcome action={create} />
      </form>
    </Page>
  );
}
