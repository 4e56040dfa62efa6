export type {
  DeviceBatch,
  InstalledSoftware,
  InventoryConnector,
  InventoryDevice,
  Platform,
  SourceHealth,
} from './connector';
export { ConnectorError, type ConnectorErrorCode } from './connector.errors';
export { createConnector } from './create-connector';
export { validateSourceSettings, type ConnectorKind } from './source-settings';
export { INTUNE_CLOUDS, intuneEndpoints, type IntuneSettings } from './intune/intune-settings';
export type { JamfSettings } from './jamf/jamf-settings';
export { IntuneConnector } from './intune/intune.connector';
export { COMPUTER_SECTIONS, JamfConnector, MOBILE_SECTIONS } from './jamf/jamf.connector';
export { cleanDate, cleanSerial, cleanText, cleanVersion, toPlatform } from './normalize';
