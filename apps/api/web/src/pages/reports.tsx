// Reports: make one now (followed until the worker has written it), download or share it, and schedule recurring
// ones, mailed to people if asked.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { GetResult } from '../api/client';
import { fmtInt, fmtTime } from '../format';
import {
  REPORT_FORMAT_LABELS,
  REPORT_TYPE_LABELS,
  type ReportFormat,
  type ReportType,
} from '../state/report-types';
import type { Route } from '../state/route';
import {
  Field,
  formValues,
  Outcome,
  Page,
  Pill,
  ShownOnce,
  useAction,
  useCan,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { DataTable } from '../ui/table';

type Report = GetResult<'/api/v1/reports'>['items'][number];
type Schedule = GetResult<'/api/v1/report-schedules'>[number];

const LIVE_MS = 1000;

export function ReportsPage(_: { route: Route }) {
  const { api } = useSession();
  const can = useCan();
  const loaded = useLoad(
    'reports',
    () =>
      Promise.all([
        api.get('/api/v1/reports', { query: { limit: 50 } }),
        api.get('/api/v1/report-schedules'),
      ]),
    ([reports]) =>
      reports.items.some((r) => r.status === 'queued' || r.status === 'running') ? LIVE_MS : null,
  );
  const [reports, schedules] = loaded.data ?? [];
  useReady('reports', !!loaded.data);
  return (
    <Page title="Reports" loading={loaded.loading && !loaded.data} error={loaded.error}>
      {can('analyst') && <CreateReport onCreated={loaded.reload} />}
      {reports && (
        <>
          <h2>Recent reports</h2>
          <DataTable
            rows={reports.items}
            rowKey={(r) => r.id}
            caption="Reports"
            empty="No report yet. Create one above, or add a schedule."
            columns={[
              { label: 'Requested', cell: (r) => fmtTime(r.createdAt) },
              { label: 'Type', cell: (r) => r.type },
              { label: 'Format', cell: (r) => r.format },
              { label: 'Filters', cell: (r) => filtersText(r.filters) },
              { label: 'By', cell: (r) => r.requestedBy },
              { label: 'Status', cell: (r) => <ReportStatus r={r} /> },
              { label: 'Rows', num: true, cell: (r) => fmtInt(r.rowCount) },
              {
                label: '',
                cell: (r) =>
                  r.status === 'succeeded' && !r.deletedAt ? (
                    <>
                      <Download r={r} />
                      {r.evidenceSizeBytes !== null && <Download r={r} evidence />}
                      {can('analyst') && <ShareLink r={r} />}
                    </>
                  ) : null,
              },
            ]}
          />
        </>
      )}
      {schedules && <Schedules schedules={schedules} onChange={loaded.reload} />}
      {can('admin') && <TestMail />}
    </Page>
  );
}

const filtersText = (f: Report['filters']): string =>
  Object.entries(f ?? {})
    .filter(([, v]) => Array.isArray(v) && v.length)
    .map(([k, v]) => `${k}: ${(v as string[]).join(', ')}`)
    .join('; ') || 'everything';

function ReportStatus({ r }: { r: Report }) {
  if (r.status === 'failed')
    return (
      <span>
        <Pill value="failed" /> <span class="error-text">{r.error}</span>
      </span>
    );
  if (r.status === 'queued')
    return (
      <span role="status" data-testid="report-progress">
        <Pill value="queued" /> waiting for the worker
      </span>
    );
  if (r.status === 'running') {
    const seconds = Math.max(1, (Date.now() - new Date(r.startedAt ?? r.createdAt).getTime()) / 1000);
    const rows = r.progress?.rows ?? 0;
    return (
      <span role="status" data-testid="report-progress" class="progress">
        <Pill value="running" />{' '}
        {r.progress
          ? `writing “${r.progress.sheet}” · ${fmtInt(rows)} rows · ${fmtInt(Math.round(rows / seconds))} rows/s`
          : 'starting'}
      </span>
    );
  }
  if (r.deletedAt)
    return (
      <span>
        <Pill value="expired" /> deleted by retention
      </span>
    );
  return <Pill value={r.status} />;
}

// The report file, or (evidence) its signed evidence pack: a zip with the workbook, CSVs and manifest.
function Download({ r, evidence = false }: { r: Report; evidence?: boolean }) {
  const { api } = useSession();
  const action = useAction();
  const size = evidence ? r.evidenceSizeBytes : r.sizeBytes;
  const base = r.fileName ?? `report.${r.format}`;
  return (
    <span>
      <button
        type="button"
        class="secondary"
        data-testid={evidence ? 'download-evidence' : 'download'}
        disabled={action.busy}
        onClick={() =>
          void action.run(() =>
            api.download(
              `/api/v1/reports/${encodeURIComponent(r.id)}/${evidence ? 'evidence' : 'download'}`,
              evidence ? `${base.replace(/\.(xlsx|csv)$/, '')}.evidence.zip` : base,
            ),
          )
        }
      >
        {evidence ? 'Evidence pack' : 'Download'}
        {size ? ` (${fmtInt(Math.ceil(size / 1024))} KB)` : ''}
      </button>
      <Outcome action={action} />
    </span>
  );
}

function TypeAndFormat({ type = 'exposure', format = 'xlsx' }: { type?: string; format?: string }) {
  return (
    <>
      <Field label="Type">
        <select name="type">
          {Object.entries(REPORT_TYPE_LABELS).map(([t, label]) => (
            <option value={t} key={t} selected={t === type}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Format">
        <select name="format">
          {Object.entries(REPORT_FORMAT_LABELS).map(([f, label]) => (
            <option value={f} key={f} selected={f === format}>
              {label}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

function EvidenceBox({ checked = false }: { checked?: boolean }) {
  return (
    <label
      class="check"
      title="A signed zip for auditors: the workbook, a CSV per sheet and a manifest of hashes, rules and syncs"
    >
      <input type="checkbox" name="evidence" defaultChecked={checked} /> Evidence pack for auditors
    </label>
  );
}

// Checks the SMTP settings before a schedule relies on them: one mail now, the server's answer or why it failed.
function TestMail() {
  const { api } = useSession();
  const action = useAction();
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    void action.run(async () => {
      const sent = await api.post('/api/v1/email/test', { body: { to: v.to } });
      return `Sent: the SMTP server answered “${sent.response}”.`;
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="test-mail">
      <h3 id="test-mail">Check the mail settings</h3>
      <div class="grid">
        <Field label="Send a test mail to" invalid={action.field === 'to'}>
          <input name="to" required maxLength={400} placeholder="you@corp.example" />
        </Field>
      </div>
      <p>
        <button type="submit" disabled={action.busy}>
          Send test mail
        </button>
      </p>
      <Outcome action={action} />
    </form>
  );
}

// A link for someone without an API key: it downloads this one file until it expires, and every use is audited.
function ShareLink({ r }: { r: Report }) {
  const { api } = useSession();
  const action = useAction();
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  return (
    <span>
      <button
        type="button"
        class="secondary"
        data-testid="share-link"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const made = await api.post('/api/v1/reports/{id}/links', { params: { id: r.id }, body: {} });
            setLink({ url: made.url ?? '', expiresAt: made.expiresAt });
          })
        }
      >
        Share link
      </button>
      {link && (
        <ShownOnce label={`Link to this file only, until ${fmtTime(link.expiresAt)}`} value={link.url} />
      )}
      <Outcome action={action} />
    </span>
  );
}

// The schedule's latest mail: sent, or why it is not (the SMTP server's answer), so a stuck mail shows here.
function MailStatus({ s }: { s: Schedule }) {
  const m = s.lastMail;
  if (!m) return <span>—</span>;
  if (m.status === 'sent') return <span>sent {fmtTime(m.at)}</span>;
  return (
    <span>
      <Pill value={m.status === 'dead' ? 'failed' : 'retrying'} /> <span class="error-text">{m.error}</span>
    </span>
  );
}

/** Addresses typed one per line or separated by commas or semicolons (a name may not hold either). */
const addressList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[,;\n]/)
    .map((a) => a.trim())
    .filter(Boolean);

/** The schedule's mail from its form: null when nobody is to receive it. */
function emailOf(v: Record<string, string>): Schedule['email'] {
  const to = addressList(v.emailTo);
  if (!to.length) return null;
  return { to, cc: addressList(v.emailCc), subject: v.emailSubject || DEFAULT_SUBJECT };
}

const DEFAULT_SUBJECT = '{org}: {schedule} — {exposedDevices} exposed devices, {overdue} overdue ({date})';

function EmailFields({ email, field }: { email?: Schedule['email']; field: string | null }) {
  return (
    <>
      <Field
        label="Email to"
        invalid={field?.startsWith('email.to') ?? false}
        hint="addresses, comma-separated; empty = no mail"
      >
        <input
          name="emailTo"
          defaultValue={email?.to.join(', ') ?? ''}
          placeholder="CISO <ciso@corp.example>"
        />
      </Field>
      <Field label="Cc" invalid={field?.startsWith('email.cc') ?? false}>
        <input name="emailCc" defaultValue={email?.cc.join(', ') ?? ''} />
      </Field>
      <Field
        label="Subject"
        invalid={field === 'email.subject'}
        hint="{org} {schedule} {type} {date} {exposedDevices} {overdue} {new} {resolved}"
      >
        <input name="emailSubject" maxLength={200} defaultValue={email?.subject ?? DEFAULT_SUBJECT} />
      </Field>
    </>
  );
}

function CreateReport({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const action = useAction();
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    void action.run(async () => {
      await api.post('/api/v1/reports', {
        body: {
          type: v.type as ReportType,
          format: v.format as 'xlsx' | 'csv',
          evidence: v.evidence === 'true',
        },
      });
      onCreated();
      return 'Report queued: it appears below and is ready to download in a few seconds.';
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="create-report">
      <h2 id="create-report">Make a report now</h2>
      <div class="grid">
        <TypeAndFormat />
        <EvidenceBox />
      </div>
      <p>
        <button type="submit" disabled={action.busy}>
          Create report
        </button>
      </p>
      <Outcome action={action} />
    </form>
  );
}

// Long because it is one table and form's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function Schedules({ schedules, onChange }: { schedules: Schedule[]; onChange: () => void }) {
  const { api } = useSession();
  const can = useCan();
  const action = useAction();
  const submit = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const form = e.currentTarget;
    void action.run(async () => {
      await api.post('/api/v1/report-schedules', {
        body: {
          name: v.name,
          cron: v.cron,
          timezone: v.timezone || 'UTC',
          type: v.type as ReportType,
          format: v.format as 'xlsx' | 'csv',
          evidence: v.evidence === 'true',
          email: emailOf(v),
          enabled: true,
        },
      });
      form.reset();
      onChange();
      return 'Schedule added.';
    });
  };
  return (
    <>
      <h2>Schedules</h2>
      <DataTable
        rows={schedules}
        rowKey={(s) => s.id}
        caption="Report schedules"
        empty="No schedule. Add one so the report is made on its own, every week for example."
        columns={[
          { label: 'Name', cell: (s) => s.name },
          { label: 'When', cell: (s) => `${s.cron} (${s.timezone})` },
          { label: 'Report', cell: (s) => `${s.type} · ${s.format}${s.evidence ? ' + evidence pack' : ''}` },
          { label: 'Mailed to', cell: (s) => (s.email ? [...s.email.to, ...s.email.cc].join(', ') : '—') },
          { label: 'Last mail', cell: (s) => <MailStatus s={s} /> },
          { label: 'Last run', cell: (s) => fmtTime(s.lastRunAt) },
          { label: 'Next run', cell: (s) => (s.enabled ? fmtTime(s.nextRunAt) : 'paused') },
          { label: '', cell: (s) => (can('analyst') ? <ScheduleActions s={s} onChange={onChange} /> : null) },
        ]}
      />
      {can('analyst') && (
        <form class="card form" onSubmit={submit} aria-labelledby="add-schedule">
          <h3 id="add-schedule">Add a schedule</h3>
          <div class="grid">
            <Field label="Name" invalid={action.field === 'name'}>
              <input name="name" required maxLength={200} placeholder="Monday exposure for the CISO" />
            </Field>
            <Field label="When (cron)" invalid={action.field === 'cron'} hint="minute hour day month weekday">
              <input name="cron" required defaultValue="0 7 * * 1" />
            </Field>
            <Field label="Time zone" invalid={action.field === 'timezone'}>
              <input name="timezone" defaultValue="UTC" placeholder="Europe/Paris" />
            </Field>
            <TypeAndFormat />
            <EvidenceBox />
            <EmailFields field={action.field} />
          </div>
          <p>
            <button type="submit" disabled={action.busy}>
              Add schedule
            </button>
          </p>
          <Outcome action={action} />
        </form>
      )}
    </>
  );
}

// Long because it is one row of buttons' markup, each with its one API call, and the edit form they open.
function ScheduleActions({ s, onChange }: { s: Schedule; onChange: () => void }) {
  const { api } = useSession();
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const save = (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    void action.run(async () => {
      await api.patch('/api/v1/report-schedules/{id}', {
        params: { id: s.id },
        body: {
          name: v.name,
          cron: v.cron,
          timezone: v.timezone,
          type: v.type as ReportType,
          format: v.format as ReportFormat,
          evidence: v.evidence === 'true',
          email: emailOf(v),
        },
      });
      setEditing(false);
      onChange();
      return 'Schedule saved.';
    });
  };
  return (
    <div class="row-actions">
      <button type="button" class="secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        Edit
      </button>
      <button
        type="button"
        class="secondary"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            await api.patch('/api/v1/report-schedules/{id}', {
              params: { id: s.id },
              body: { enabled: !s.enabled },
            });
            onChange();
          })
        }
      >
        {s.enabled ? 'Pause' : 'Resume'}
      </button>
      <button
        type="button"
        class="danger"
        disabled={action.busy}
        onClick={() =>
          confirm(`Delete the schedule “${s.name}”? Reports it made stay.`) &&
          void action.run(async () => {
            await api.delete('/api/v1/report-schedules/{id}', { params: { id: s.id } });
            onChange();
          })
        }
      >
        Delete
      </button>
      {editing && (
        <form class="inline-form" onSubmit={save} aria-label={`Edit the schedule ${s.name}`}>
          <Field label="Name" invalid={action.field === 'name'}>
            <input name="name" required maxLength={200} defaultValue={s.name} />
          </Field>
          <Field label="When (cron)" invalid={action.field === 'cron'}>
            <input name="cron" required defaultValue={s.cron} />
          </Field>
          <Field label="Time zone" invalid={action.field === 'timezone'}>
            <input name="timezone" required defaultValue={s.timezone} />
          </Field>
          <TypeAndFormat type={s.type} format={s.format} />
          <EvidenceBox checked={s.evidence} />
          <EmailFields email={s.email} field={action.field} />
          <button type="submit" disabled={action.busy}>
            Save
          </button>
        </form>
      )}
      <Outcome action={action} />
    </div>
  );
}
