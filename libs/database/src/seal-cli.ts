import { loadConfigOrExit } from '@interdict/config';
import { sealSetting, secretBoxFromConfig } from './secret-box';

/**
 * `printf '%s' 'value' | npm run --silent secret:seal -- email.smtp.password` prints the value sealed for that
 * setting with this installation's encryption key, to paste into a config file. The value comes on stdin so it
 * never shows in the process list or shell history.
 */
async function main(): Promise<void> {
  const settingPath = process.argv[2] ?? 'email.smtp.password';
  if (!/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/.test(settingPath)) {
    throw new Error(`"${settingPath}" is not a setting path (e.g. email.smtp.password)`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!value) throw new Error('nothing to seal: give the value on stdin');
  process.stdout.write(`${sealSetting(secretBoxFromConfig(loadConfigOrExit()), settingPath, value)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`secret:seal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
