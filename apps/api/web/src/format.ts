// How numbers, dates and ages read on every page (UTC, as the API and the reports give them).

export const fmtInt = (n: number | null | undefined): string =>
  typeof n === 'number' ? n.toLocaleString('en-US') : '—';

export const fmtDate = (s: string | null | undefined): string =>
  s ? new Date(s).toISOString().slice(0, 10) : '—';

export const fmtTime = (s: string | null | undefined): string =>
  s ? `${new Date(s).toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—';

/** "3 min ago", "2 d ago": how old a piece of data is, for freshness at a glance. */
export function age(s: string | null | undefined, now = Date.now()): string {
  if (!s) return 'never';
  const sec = Math.max(0, Math.round((now - new Date(s).getTime()) / 1000));
  if (sec < 60) return `${sec} s ago`;
  if (sec < 3600) return `${Math.round(sec / 60)} min ago`;
  if (sec < 86_400 * 2) return `${Math.round(sec / 3600)} h ago`;
  return `${Math.round(sec / 86_400)} d ago`;
}

export const pct = (part: number, whole: number): string =>
  whole ? `${((100 * part) / whole).toFixed(whole >= 1000 ? 1 : 0)} %` : '—';
