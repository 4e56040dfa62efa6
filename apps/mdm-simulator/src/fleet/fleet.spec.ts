import { catalogueTitle, headSize, TAIL_SIZE } from './catalogue';
import type { SimApp } from './fleet';
import { Fleet } from './fleet';
import { summarizeFleet } from './fleet-scan';
import { detectedAppId, detectedAppKey, intuneDeviceId, intuneDeviceIndex } from './ids';
import { BANNED_TITLES, LOOKALIKE_TITLES } from './plantings';

const BASE = Date.UTC(2026, 10, 1);
const fleetOn = (day: number, seed = 7, devices = 600) => new Fleet({ seed, devices, baseDateMs: BASE }, day);

function snapshot(fleet: Fleet): string {
  const parts: string[] = [];
  for (let i = 0; i < fleet.indexSpace('intune'); i++) {
    const device = fleet.device('intune', i);
    if (device) parts.push(JSON.stringify(device), JSON.stringify(fleet.apps(device)));
  }
  return parts.join('\n');
}

function installKeys(fleet: Fleet): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < fleet.indexSpace('intune'); i++) {
    const device = fleet.device('intune', i);
    if (device) for (const app of fleet.apps(device)) keys.add(`${device.id}|${app.name}|${app.version}`);
  }
  return keys;
}

describe('Fleet', () => {
  it('generates the same devices and apps for the same seed and day', () => {
    expect(snapshot(fleetOn(3))).toBe(snapshot(fleetOn(3)));
  });

  it('generates a different fleet for a different seed', () => {
    expect(snapshot(fleetOn(0, 8))).not.toBe(snapshot(fleetOn(0, 7)));
  });

  it('has exactly the requested number of devices on day 0', () => {
    expect(summarizeFleet(fleetOn(0)).intune.devices).toBe(600);
    expect(summarizeFleet(fleetOn(0)).jamf.computers + summarizeFleet(fleetOn(0)).jamf.mobileDevices).toBe(
      600,
    );
  });

  it('changes about one percent of installations from one day to the next', () => {
    const fleetA = fleetOn(10, 7, 400);
    const fleetB = fleetOn(11, 7, 400);
    const a = installKeys(fleetA);
    const b = installKeys(fleetB);
    let changed = 0;
    for (const key of a) if (!b.has(key)) changed++;
    const share = changed / a.size;
    expect(share).toBeGreaterThan(0.003);
    expect(share).toBeLessThan(0.03);
  });

  it('gives desktops 100–200 apps and mobiles fewer', () => {
    const fleet = fleetOn(0, 7, 500);
    const desktop: number[] = [];
    const mobile: number[] = [];
    for (let i = 0; i < 500; i++) {
      const device = fleet.device('intune', i);
      if (!device || device.hasNoInventory || device.isPersonal) continue;
      const count = fleet.apps(device).filter((a: SimApp) => !a.planted).length;
      (device.platform === 'windows' || device.platform === 'macOS' ? desktop : mobile).push(count);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(desktop)).toBeGreaterThan(90);
    expect(Math.max(...desktop)).toBeLessThanOrEqual(200);
    expect(mean(mobile)).toBeLessThan(60);
  });

  it('plants banned titles and lookalikes at about the configured prevalence', () => {
    const summary = summarizeFleet(
      new Fleet(
        { seed: 7, devices: 1500, baseDateMs: BASE, bannedPrevalence: 0.1, lookalikePrevalence: 0.1 },
        0,
      ),
    );
    const banned = summary.plantings.filter(
      (p) => p.productId !== 'lookalike' && p.source === 'intune',
    ).length;
    const lookalikes = summary.plantings.filter(
      (p) => p.productId === 'lookalike' && p.source === 'intune',
    ).length;
    // 10 % each, minus personal and no-inventory devices that cannot report them and late or removed plantings.
    expect(banned).toBeGreaterThan(90);
    expect(banned).toBeLessThan(160);
    expect(lookalikes).toBeGreaterThan(90);
  });

  it('shares serial numbers between some Intune Macs and Jamf computers', () => {
    const fleet = fleetOn(0, 7, 3000);
    let shared = 0;
    for (let i = 0; i < 3000; i++) {
      const device = fleet.device('intune', i);
      if (!device?.isSharedSerial) continue;
      shared++;
      expect(fleet.device('jamfComputer', i)?.serialNumber).toBe(device.serialNumber);
    }
    expect(shared).toBeGreaterThan(20);
  });

  it('enrols and retires devices as days pass', () => {
    const day0 = summarizeFleet(fleetOn(0, 7, 300)).intune.devices;
    const day30 = fleetOn(30, 7, 2000);
    let enrolledLater = 0;
    let retired = 0;
    for (let i = 0; i < day30.indexSpace('intune'); i++) {
      if (i >= 2000 && day30.exists('intune', i)) enrolledLater++;
      if (i < 2000 && !day30.exists('intune', i)) retired++;
    }
    expect(day0).toBe(300);
    expect(enrolledLater).toBeGreaterThan(0);
    expect(retired).toBeGreaterThan(0);
  });
});

describe('catalogue', () => {
  it('has tens of thousands of distinct titles per platform', () => {
    const names = new Set<string>();
    for (let i = 0; i < headSize('windows') + TAIL_SIZE; i++) names.add(catalogueTitle('windows', i).name);
    expect(names.size).toBe(headSize('windows') + TAIL_SIZE);
    expect(names.size).toBeGreaterThan(10_000);
  });

  it('never generates a title that mentions Kaspersky by accident', () => {
    for (let i = 0; i < headSize('macOS') + TAIL_SIZE; i++)
      expect(catalogueTitle('macOS', i).name.toLowerCase()).not.toContain('kasp');
  });
});

describe('planted titles', () => {
  it('covers every platform with banned titles and lookalikes', () => {
    for (const platform of ['windows', 'macOS', 'iOS', 'android'] as const) {
      expect(BANNED_TITLES.some((t) => t.platform === platform && t.productId.startsWith('kaspersky'))).toBe(
        true,
      );
      expect(LOOKALIKE_TITLES.some((t) => t.platform === platform)).toBe(true);
    }
  });
});

describe('ids', () => {
  it('round-trips device indexes through Intune device ids and refuses foreign ids', () => {
    expect(intuneDeviceIndex(7, intuneDeviceId(7, 12345))).toBe(12345);
    expect(intuneDeviceIndex(8, intuneDeviceId(7, 12345))).toBe(-1);
    expect(intuneDeviceIndex(7, 'bca605c1-e609-465f-a9c0-fb804c10cc4b')).toBe(-1);
  });

  it('round-trips detectedApp keys through 64-hex ids', () => {
    const id = detectedAppId(7, 123_456_789);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(detectedAppKey(7, id)).toBe(123_456_789);
    expect(detectedAppKey(7, id.replace(/^./, id[0] === 'a' ? 'b' : 'a'))).toBe(-1);
  });
});
