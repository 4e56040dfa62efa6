import { hash32, hexId } from './prng';

// Ids carry their own index (masked) so a GET by id needs no lookup table; a recomputed id must match exactly,
// so forged or foreign ids are still refused.

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Intune managedDevice id (GUID-shaped) for a device index. */
export function intuneDeviceId(seed: number, index: number): string {
  const h = hexId(3, seed, 101, index);
  const masked = hex8(index ^ hash32(seed, 102));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[hash32(seed, index, 103) & 3]}${h.slice(17, 20)}-${masked}${h.slice(20, 24)}`;
}

/** The index encoded in an Intune device id, or -1 when the id is not one of this fleet's. */
export function intuneDeviceIndex(seed: number, id: string): number {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return -1;
  const index = (parseInt(id.slice(24, 32), 16) ^ hash32(seed, 102)) >>> 0;
  return index < 10_000_000 && intuneDeviceId(seed, index) === id ? index : -1;
}

/** 64-hex detectedApp id for an aggregate key (platform + title + version). */
export function detectedAppId(seed: number, aggregateKey: number): string {
  return `${hexId(6, seed, 111, aggregateKey)}${hex8(aggregateKey ^ hash32(seed, 112))}${hex8(hash32(seed, aggregateKey, 113))}`;
}

/** The aggregate key encoded in a detectedApp id, or -1. */
export function detectedAppKey(seed: number, id: string): number {
  if (!/^[0-9a-f]{64}$/.test(id)) return -1;
  const key = (parseInt(id.slice(48, 56), 16) ^ hash32(seed, 112)) >>> 0;
  return detectedAppId(seed, key) === id ? key : -1;
}
