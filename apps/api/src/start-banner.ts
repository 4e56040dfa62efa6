/** What a person needs after `npm start` or `npm run start:api`, printed as the last start-up lines, every start. */
export interface StartBanner {
  url: string;
  /** The admin key created at the very first start (shown this once), or null on later starts. */
  adminKey: string | null;
  logFormat: 'json' | 'pretty';
  demo?: { devices: number; receiverUrl: string; teamsUrl?: string; mailUrl?: string; s3?: string };
}

/** Plain text, straight to stdout: the logger redacts keys, and people read this, not machines. */
export function startBanner(b: StartBanner): string {
  const key = b.adminKey
    ? [
        '  First start: an admin API key was created. It is shown only now — store it:',
        '',
        `    ${b.adminKey}`,
        '',
      ]
    : [
        '  API key: the admin key was shown at the first start; make another with',
        '    npm run create-key -- --role admin --name <you>',
        '',
      ];
  const demo = b.demo
    ? [
        `  Demo: a simulated Intune tenant and Jamf instance (${b.demo.devices.toLocaleString('en-US')} devices each) are`,
        `  syncing; webhooks go to ${b.demo.receiverUrl} (GET it to see them); the first report follows.`,
        ...(b.demo.teamsUrl
          ? [`  A Teams-format digest (Adaptive Card, one a minute) goes to ${b.demo.teamsUrl}.`]
          : []),
        ...(b.demo.mailUrl
          ? [
              `  The first scheduled report is mailed to a local catcher, ${b.demo.mailUrl}/, and its signed evidence`,
              '  pack waits on the Reports page.',
            ]
          : []),
        ...(b.demo.s3 ? [`  Report files are kept in a local S3-compatible bucket: ${b.demo.s3}`] : []),
        '',
      ]
    : [];
  const logs =
    b.logFormat === 'json'
      ? ['  Log lines are JSON for machines; LOG_FORMAT=pretty makes them readable.', '']
      : [];
  return (
    ['', ...key, `  Dashboard: ${b.url}/   API docs: ${b.url}/api/docs`, '', ...demo, ...logs].join('\n') +
    '\n'
  );
}
