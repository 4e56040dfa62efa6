import type { InventoryDevice } from '../connector';
import { fromListed, toListedDevice } from './export-inventory';

const device = (over: Partial<InventoryDevice>): InventoryDevice => ({
  externalId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  name: 'DESKTOP-7Q2',
  serialNumber: 'PF3ABCDE',
  platform: 'windows',
  osVersion: '10.0.22631.3880',
  userPrincipalName: 'ana@contoso.com',
  userDisplayName: 'Ana Łukasiewicz — 安娜',
  ownership: 'corporate',
  enrolledAt: new Date('2024-02-01T10:00:00.123Z'),
  lastCheckInAt: new Date('2026-12-01T08:00:00Z'),
  inventoryReportedAt: null,
  appsReported: true,
  tags: ['Finance', 'EU'],
  software: [],
  ...over,
});

describe('a listed device packed for the export walk', () => {
  it.each([
    ['every field set', device({})],
    [
      'every nullable field null, no tags',
      device({
        name: null,
        serialNumber: null,
        osVersion: null,
        userPrincipalName: null,
        userDisplayName: null,
        ownership: null,
        enrolledAt: null,
        lastCheckInAt: null,
        tags: [],
      }),
    ],
    ['empty-looking but set values', device({ ownership: 'unknown', tags: ['one tag with spaces'] })],
  ])('comes back unchanged: %s', (_, d) => {
    expect(fromListed(d.externalId, toListedDevice(d), true)).toEqual(d);
    expect(fromListed(d.externalId, toListedDevice(d), false).appsReported).toBe(false);
  });
});
