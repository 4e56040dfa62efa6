import type { z } from 'zod';
import { ConnectorError } from './connector.errors';
import { intuneSettingsSchema, type IntuneSettings } from './intune/intune-settings';
import { jamfSettingsSchema, type JamfSettings } from './jamf/jamf-settings';

export type ConnectorKind = 'intune' | 'jamf';

/** Checks a source's settings for its kind; a problem is a `bad_settings` error naming the field. */
export function validateSourceSettings(kind: 'intune', settings: unknown): IntuneSettings;
export function validateSourceSettings(kind: 'jamf', settings: unknown): JamfSettings;
export function validateSourceSettings(kind: ConnectorKind, settings: unknown): IntuneSettings | JamfSettings;
export function validateSourceSettings(
  kind: ConnectorKind,
  settings: unknown,
): IntuneSettings | JamfSettings {
  const schema: z.ZodType<IntuneSettings | JamfSettings> =
    kind === 'intune' ? intuneSettingsSchema : jamfSettingsSchema;
  const result = schema.safeParse(settings);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = ['settings', ...issue.path.map(String)].join('.');
  const message =
    issue.code === 'unrecognized_keys'
      ? `settings has unknown field(s) ${issue.keys.join(', ')} for a ${kind} source`
      : `${path} ${issue.message.replace(/^Invalid input: /, '')}`;
  throw new ConnectorError(
    'bad_settings',
    message,
    issue.code === 'unrecognized_keys' ? `settings.${issue.keys[0]}` : path,
  );
}
