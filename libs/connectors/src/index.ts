export type {
  DeviceBatch,
  InstalledSoftware,
  InventoryConnector,
  InventoryDevice,
  Platform,
  SourceHealth,
} from './connector';
