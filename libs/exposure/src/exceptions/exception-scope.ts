/** What an exception covers: a device, a serial number or a group/tag, for one rule and/or one product. */
export interface ExceptionScope {
  ruleId: string | null;
  productId: string | null;
  scopeType: 'device' | 'serial' | 'group';
  scopeValue: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The facts of one physical device (all its source records merged) that scopes are checked against. */
export interface ScopedDevice {
  deviceIds: string[];
  physicalKey: string;
  serials: string[];
  tags: string[];
}

/**
 * Whether the exception suppresses a finding of (rule, product) on the device at `now`. The recompute SQL
 * applies the same rules set-based; this is its unit-tested reference.
 */
export function exceptionApplies(
  e: ExceptionScope,
  target: { ruleId: string; productId: string },
  device: ScopedDevice,
  now: Date,
): boolean {
  if (e.revokedAt || e.expiresAt.getTime() <= now.getTime()) return false;
  if (e.ruleId !== null && e.ruleId !== target.ruleId) return false;
  if (e.productId !== null && e.productId !== target.productId) return false;
  switch (e.scopeType) {
    case 'device':
      return device.deviceIds.includes(e.scopeValue) || device.physicalKey === e.scopeValue;
    case 'serial':
      return device.serials.some((s) => s.trim().toUpperCase() === e.scopeValue.trim().toUpperCase());
    case 'group':
      return device.tags.includes(e.scopeValue);
  }
}
