import { loadConfig, type Config } from '@interdict/config';
import { startDemoMailCatcher, type DemoMailCatcher } from './demo-mail';

/** Local stand-ins the demo runs for what production points at: an SMTP server (and the settings that use it). */
export interface DemoServices {
  config: Config;
  mail: DemoMailCatcher | null;
  stop(): Promise<void>;
}

/**
 * With the demo on, mail goes to a local catcher unless an SMTP server is configured. The configuration is read
 * again with the catcher's address added, as if given in the environment, so every part sees one frozen Config.
 */
export async function startDemoServices(config: Config): Promise<DemoServices> {
  if (!config.demo.enabled || config.env === 'production' || config.email.smtp.host) {
    return { config, mail: null, stop: async () => undefined };
  }
  const mail = await startDemoMailCatcher();
  const env: Record<string, string | undefined> = {
    ...process.env,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mail.smtpPort),
    SMTP_SECURITY: 'none',
    EMAIL_FROM: config.email.from ?? 'Interdict demo <interdict@demo.example>',
  };
  return { config: loadConfig({ env }), mail, stop: () => mail.stop() };
}
