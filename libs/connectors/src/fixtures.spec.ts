import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConnectorError } from './connector.errors';
import { checkGraphPage, toInstalledSoftware, toInventoryDevice } from './intune/graph-mapping';
import { checkJamfPage, computerToDevice, mobileToDevice } from './jamf/jamf-mapping';

// The recorded vendor payloads (test/fixtures/vendor; what they stand for: docs/mdm-apis.md).
const FIXTURES = resolve(__dirname, '../../../test/fixtures/vendor');
const fixture = (path: string): unknown => JSON.parse(readFileSync(`${FIXTURES}/${path}`, 'utf8'));

describe('Intune mapping on the Graph fixtures', () => {
  it('maps a managedDevices page and keeps its nextLink verbatim', () => {
    const raw = fixture('intune/managedDevices-page1.json') as Record<string, unknown>;
    const page = checkGraphPage(raw, 'GET managedDevices page 1');
    expect(page.nextLink).toBe(raw['@odata.nextLink']);
    const devices = page.value.map((d) => toInventoryDevice(d, 'GET managedDevices page 1'));
    expect(devices).toHaveLength(3);
    expect(devices[0]).toMatchObject({
      externalId: '2f9986e5-ed8a-4e3f-9c17-665b50f4eba2',
      name: 'DESKTOP-7Q2M4KD',
      serialNumber: 'PF3KX9ZT',
      platform: 'windows',
      osVersion: '10.0.19045.4170',
      userPrincipalName: 'a.rivera@fabrikam.example',
      ownership: 'personal',
      appsReported: false,
    });
    expect(devices[0].lastCheckInAt?.toISOString()).toBe('2025-02-26T17:03:55.000Z');
    expect(devices[1].platform).toBe('ios');
    expect(devices[2].ownership).toBe('company');
  });

  it('maps expanded detectedApps, keeping versions verbatim and "" publishers as null', () => {
    const raw = fixture('intune/device-expand-detectedApps.json') as { detectedApps: unknown[] };
    const apps = raw.detectedApps.map((a) => toInstalledSoftware(a, 'macos', 'GET device'));
    expect(apps).toContainEqual({
      name: 'Kaspersky Endpoint Security for Mac',
      version: '12.0.0.325',
      publisher: null,
      bundleId: null,
      platform: 'macos',
      installPath: null,
    });
    expect(apps.map((a) => a?.name)).toContain('Kaspa Wallet');
  });

  it('rejects a page whose value is not a list, naming where', () => {
    expect(() => checkGraphPage({ value: 'nope' }, 'GET managedDevices page 7')).toThrow(
      expect.objectContaining({ code: 'bad_payload', message: expect.stringContaining('page 7') }),
    );
    expect(() => toInventoryDevice({ deviceName: 'no id' }, 'GET managedDevices page 2')).toThrow(
      ConnectorError,
    );
  });
});

describe('Jamf mapping on the Jamf Pro fixtures', () => {
  it('maps a computers-inventory page with its applications', () => {
    const page = checkJamfPage(
      fixture('jamf/computers-inventory-page0.json'),
      'GET computers-inventory page 0',
    );
    expect(page.totalCount).toBe(5);
    const first = computerToDevice(page.results[0], 'GET computers-inventory page 0');
    expect(first).toMatchObject({
      name: 'LT-ACME-0001',
      serialNumber: 'C02TESTA0001',
      platform: 'macos',
      osVersion: '15.6.1',
      appsReported: true,
    });
    expect(first.externalId).toContain('1');
    expect(first.software).toHaveLength(4);
    expect(first.software).toContainEqual(
      expect.objectContaining({
        name: 'Safari.app',
        version: '18.6',
        bundleId: 'com.apple.Safari',
        installPath: '/Applications/Safari.app',
      }),
    );
  });

  it('reads an empty last page as the end', () => {
    const page = checkJamfPage(
      fixture('jamf/computers-inventory-page2-empty.json'),
      'GET computers-inventory page 2',
    );
    expect(page.results).toHaveLength(0);
  });

  it('maps mobile device detail with bundle ids', () => {
    const page = checkJamfPage(
      fixture('jamf/mobile-devices-detail-page0.json'),
      'GET mobile-devices/detail page 0',
    );
    const d = mobileToDevice(page.results[0], 'GET mobile-devices/detail page 0');
    expect(d).toMatchObject({
      externalId: 'mobile:101',
      serialNumber: 'DMPTESTB0101',
      platform: 'ipados',
      userPrincipalName: 'dana.kim@example.test',
      userDisplayName: 'Dana Kim',
    });
    expect(d.software.some((a) => a.bundleId?.startsWith('com.kasper'))).toBe(true);
  });

  it('rejects a page with a non-numeric totalCount, naming where', () => {
    expect(() => checkJamfPage({ totalCount: 'x', results: [] }, 'GET computers-inventory page 3')).toThrow(
      expect.objectContaining({ code: 'bad_payload', message: expect.stringContaining('page 3') }),
    );
  });
});
