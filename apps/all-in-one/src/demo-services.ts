import { join } from 'node:path';
import { loadConfig, type Config } from '@interdict/config';
import { startDemoMailCatcher, type DemoMailCatcher } from './demo-mail';
import { startDemoS3, type DemoS3 } from './demo-s3';

/** Local stand-ins the demo runs for what production points at: an SMTP server and an S3-compatible bucket. */
export interface DemoServices {
  config: Config;
  mail: DemoMailCatcher | null;
  s3: DemoS3 | null;
  stop(): Promise<void>;
}

/**
 * With the demo on, mail goes to a local catcher unless an SMTP server is configured, and reports to a local S3
 * bucket unless a store is configured. The configuration is read again with their addresses added, as if given in
 * the environment, so every part sees one frozen Config.
 */
export async function startDemoServices(config: Config): Promise<DemoServices> {
  if (!config.demo.enabled || config.env === 'production') {
    return { config, mail: null, s3: null, stop: async () => undefined };
  }
  const env: Record<string, string | undefined> = { ...process.env };
  const mail = config.email.smtp.host ? null : await startDemoMailCatcher();
  if (mail) {
    Object.assign(env, {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.smtpPort),
      SMTP_SECURITY: 'none',
      EMAIL_FROM: config.email.from ?? 'Interdict demo <interdict@demo.example>',
    });
  }
  // Reports stay where a configured directory or store puts them; otherwise they go to the demo bucket.
  const s3 =
    config.reports.storage === 'local' && !config.reports.directory
      ? await startDemoS3({ port: 0, directory: join(config.dataDir, 'demo-s3') })
      : null;
  if (s3) {
    Object.assign(env, {
      REPORTS_STORAGE: 's3',
      REPORTS_S3_BUCKET: s3.bucket,
      REPORTS_S3_REGION: s3.region,
      REPORTS_S3_ENDPOINT: s3.endpoint,
      REPORTS_S3_FORCE_PATH_STYLE: 'true',
      REPORTS_S3_ACCESS_KEY_ID: s3.accessKeyId,
      REPORTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
  }
  return {
    config: mail || s3 ? loadConfig({ env }) : config,
    mail,
    s3,
    stop: async () => {
      await mail?.stop();
      await s3?.stop();
    },
  };
}
