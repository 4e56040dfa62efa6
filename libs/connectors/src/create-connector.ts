import type { OutboundPolicy } from '@interdict/outbound';
import type { InventoryConnector } from './connector';
import { ConnectorError } from './connector.errors';
import { IntuneConnector } from './intune/intune.connector';
import { JamfConnector } from './jamf/jamf.connector';
import { validateSourceSettings, type ConnectorKind } from './source-settings';

/** Builds the connector for a source from its kind, settings and (opened) secret. */
export function createConnector(
  kind: ConnectorKind,
  settings: unknown,
  secret: string | null,
  opts: { sourceName: string; policy: OutboundPolicy },
): InventoryConnector {
  if (!secret) {
    throw new ConnectorError(
      'bad_settings',
      `source ${opts.sourceName} has no secret stored (the ${kind === 'intune' ? 'client secret or private key' : 'API client secret'})`,
      'secret',
    );
  }
  return kind === 'intune'
    ? new IntuneConnector(validateSourceSettings('intune', settings), secret, opts.sourceName, opts.policy)
    : new JamfConnector(validateSourceSettings('jamf', settings), secret, opts.sourceName, opts.policy);
}
