import type { ReportHeadline } from '@interdict/database';
import type { SubjectPlaceholder } from './mail-settings';

/** What a scheduled report's mail is made from. */
export interface MailFacts {
  orgName: string;
  scheduleName: string;
  reportType: string;
  fileName: string;
  sizeBytes: number;
  rowCount: number;
  headline: ReportHeadline;
  /** The dashboard's address (http.publicUrl), without a trailing slash. */
  dashboardUrl: string;
  /** How the file travels: attached, or a signed link that expires. */
  file: { kind: 'attached' } | { kind: 'link'; url: string; expiresAt: Date };
}

/** The subject with its {placeholders} filled; CR/LF cannot appear (templates and values are one-line). */
export function renderSubject(
  template: string,
  facts: Pick<MailFacts, 'orgName' | 'scheduleName' | 'reportType' | 'headline'>,
): string {
  const h = facts.headline;
  const values: Record<SubjectPlaceholder, string> = {
    org: facts.orgName,
    schedule: facts.scheduleName,
    type: facts.reportType,
    date: h.asOf.slice(0, 10),
    exposedDevices: String(h.exposedDevices),
    overdue: String(h.overdueExposures),
    new: String(h.since?.newExposures ?? 0),
    resolved: String(h.since?.resolvedExposures ?? 0),
  };
  const out = template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    name in values ? values[name as SubjectPlaceholder] : whole,
  );
  // eslint-disable-next-line no-control-regex -- a header value must stay one line
  return out.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 400);
}

const fmt = (n: number) => n.toLocaleString('en-US');

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The numbers in the order the mail lists them, each with its dashboard view. */
function figures(f: MailFacts): { label: string; value: string; href: string }[] {
  const h = f.headline;
  const view = (q: string) => `${f.dashboardUrl}/#/exposures?${q}`;
  const rows = [
    { label: 'Exposed devices', value: fmt(h.exposedDevices), href: view('status=open') },
    { label: 'Open exposures', value: fmt(h.openExposures), href: view('status=open') },
    {
      label: 'Overdue exposures',
      value: `${fmt(h.overdueExposures)} on ${fmt(h.overdueDevices)} devices`,
      href: view('overdue=true'),
    },
    { label: 'For review (no due date)', value: fmt(h.reviewExposures), href: view('status=review') },
    { label: 'Excepted', value: fmt(h.exceptedExposures), href: view('status=excepted') },
  ];
  return rows;
}

function changes(h: ReportHeadline): { label: string; value: string }[] | null {
  if (!h.since) return null;
  const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : fmt(n));
  return [
    { label: 'New exposures', value: signed(h.since.newExposures) },
    { label: 'Resolved', value: fmt(h.since.resolvedExposures) },
    { label: 'Newly overdue', value: signed(h.since.newlyOverdue) },
  ];
}

function fileLine(f: MailFacts): string {
  const what = `${f.fileName} (${sizeText(f.sizeBytes)}, ${fmt(f.rowCount)} rows)`;
  if (f.file.kind === 'attached') return `The report is attached: ${what}.`;
  return `The report is too large to attach: ${what}. Download it until ${f.file.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC with this link (it works for this file only): ${f.file.url}`;
}

/** The plain-text body. */
export function mailText(f: MailFacts): string {
  const lines = [
    `${f.orgName} — ${f.scheduleName}`,
    `Data as of ${f.headline.asOf.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    ...figures(f).map((r) => `${r.label}: ${r.value}`),
  ];
  const delta = changes(f.headline);
  lines.push('');
  if (delta) {
    lines.push(`Since the previous report (${f.headline.since!.asOf.slice(0, 16).replace('T', ' ')} UTC):`);
    lines.push(...delta.map((r) => `  ${r.label}: ${r.value}`));
  } else {
    lines.push('This is the first report of this schedule: no earlier one to compare with.');
  }
  lines.push('', fileLine(f), '', `Dashboard: ${f.dashboardUrl}/`);
  return `${lines.join('\n')}\n`;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML body: the same content as the text, as a table a mail client renders without remote content. */
export function mailHtml(f: MailFacts): string {
  const cell = 'style="padding:4px 12px 4px 0"';
  const figureRows = figures(f)
    .map(
      (r) =>
        `<tr><td ${cell}><a href="${esc(r.href)}">${esc(r.label)}</a></td><td ${cell}><b>${esc(r.value)}</b></td></tr>`,
    )
    .join('');
  const delta = changes(f.headline);
  const deltaHtml = delta
    ? `<p>Since the previous report (${esc(f.headline.since!.asOf.slice(0, 16).replace('T', ' '))} UTC):</p><table>${delta
        .map((r) => `<tr><td ${cell}>${esc(r.label)}</td><td ${cell}><b>${esc(r.value)}</b></td></tr>`)
        .join('')}</table>`
    : '<p>This is the first report of this schedule: no earlier one to compare with.</p>';
  const file =
    f.file.kind === 'attached'
      ? `<p>${esc(fileLine(f))}</p>`
      : `<p>The report is too large to attach: ${esc(f.fileName)} (${esc(sizeText(f.sizeBytes))}, ${esc(fmt(f.rowCount))} rows).
<a href="${esc(f.file.url)}">Download it</a> until ${esc(f.file.expiresAt.toISOString().slice(0, 16).replace('T', ' '))} UTC; the link works for this file only.</p>`;
  return `<!doctype html><html><body style="font-family:sans-serif">
<h2>${esc(f.orgName)} — ${esc(f.scheduleName)}</h2>
<p>Data as of ${esc(f.headline.asOf.slice(0, 16).replace('T', ' '))} UTC</p>
<table>${figureRows}</table>
${deltaHtml}
${file}
<p><a href="${esc(f.dashboardUrl)}/">Open the dashboard</a></p>
</body></html>
`;
}
