import { exceptionApplies, type ExceptionScope, type ScopedDevice } from './exception-scope';

const now = new Date('2026-11-28T00:00:00Z');
const device: ScopedDevice = {
  deviceIds: ['11', '42'],
  physicalKey: 'C02XK0AAJG5H',
  serials: ['C02XK0AAJG5H'],
  tags: ['Finance', 'Kiosk'],
};
const target = { ruleId: 'US-BIS-FD', productId: 'kaspersky-consumer' };
const exc = (o: Partial<ExceptionScope>): ExceptionScope => ({
  ruleId: 'US-BIS-FD',
  productId: null,
  scopeType: 'device',
  scopeValue: '42',
  expiresAt: new Date('2026-12-31T00:00:00Z'),
  revokedAt: null,
  ...o,
});

describe('exceptionApplies', () => {
  it('applies to any source record of the physical device', () => {
    expect(exceptionApplies(exc({ scopeValue: '42' }), target, device, now)).toBe(true);
    expect(exceptionApplies(exc({ scopeValue: '11' }), target, device, now)).toBe(true);
    expect(exceptionApplies(exc({ scopeValue: '7' }), target, device, now)).toBe(false);
  });
  it('matches a serial whatever its case and surrounding spaces', () => {
    expect(
      exceptionApplies(exc({ scopeType: 'serial', scopeValue: ' c02xk0aajg5h ' }), target, device, now),
    ).toBe(true);
    expect(exceptionApplies(exc({ scopeType: 'serial', scopeValue: 'C02OTHER' }), target, device, now)).toBe(
      false,
    );
  });
  it('matches a group by exact tag', () => {
    expect(exceptionApplies(exc({ scopeType: 'group', scopeValue: 'Kiosk' }), target, device, now)).toBe(
      true,
    );
    expect(exceptionApplies(exc({ scopeType: 'group', scopeValue: 'kiosk' }), target, device, now)).toBe(
      false,
    );
  });
  it('is limited to its rule and its product', () => {
    expect(exceptionApplies(exc({ ruleId: 'DE-BSI-2022' }), target, device, now)).toBe(false);
    expect(
      exceptionApplies(exc({ ruleId: null, productId: 'kaspersky-consumer' }), target, device, now),
    ).toBe(true);
    expect(exceptionApplies(exc({ ruleId: null, productId: 'tiktok' }), target, device, now)).toBe(false);
  });
  it('stops applying at expiry and when revoked', () => {
    expect(exceptionApplies(exc({ expiresAt: now }), target, device, now)).toBe(false);
    expect(exceptionApplies(exc({ revokedAt: new Date('2026-11-01T00:00:00Z') }), target, device, now)).toBe(
      false,
    );
  });
});
