import { FaultPlan, parseFaultRules } from '../faults';
import { normalizePath } from '../request-log';
import { compileFilter, ODataError } from './odata-filter';
import { jamfJson } from './respond';
import { compileRsql, RsqlError } from './rsql';

describe('Graph $filter subset', () => {
  const record = {
    operatingSystem: 'Windows',
    deviceName: 'FABRIKAM-000001-LT',
    lastSyncDateTime: '2026-11-01T10:00:00Z',
    complianceState: 'compliant',
  };

  it('matches eq case-insensitively, startswith, dates and and/or', () => {
    expect(compileFilter("operatingSystem eq 'windows'")(record)).toBe(true);
    expect(compileFilter("startswith(deviceName,'fabrikam-0')")(record)).toBe(true);
    expect(compileFilter('lastSyncDateTime ge 2026-11-02T00:00:00Z')(record)).toBe(false);
    expect(
      compileFilter(
        "(operatingSystem eq 'macOS' or complianceState eq 'compliant') and lastSyncDateTime lt 2026-11-02T00:00:00Z",
      )(record),
    ).toBe(true);
  });

  it('refuses properties and operators outside the subset', () => {
    expect(() => compileFilter("model eq 'x'")).toThrow(ODataError);
    expect(() => compileFilter("operatingSystem ne 'Windows'")).toThrow(/not supported/);
    expect(() => compileFilter("operatingSystem eq 'Windows")).toThrow(/Unterminated/);
  });
});

describe('RSQL subset', () => {
  const fields = new Set(['general.name', 'id', 'hardware.serialNumber']);
  const values: Record<string, string | number> = {
    'general.name': 'ACME-MAC-000010',
    id: 11,
    'hardware.serialNumber': 'C02ABC',
  };
  const read = (field: string) => values[field];

  it('supports wildcards, comparisons, in/out, and/or with parentheses', () => {
    expect(compileRsql('general.name=="acme-mac-00001*"', fields)(read)).toBe(true);
    expect(compileRsql('id>10;id<=11', fields)(read)).toBe(true);
    expect(compileRsql('id=gt=11', fields)(read)).toBe(false);
    expect(compileRsql('hardware.serialNumber=in=(X,C02ABC)', fields)(read)).toBe(true);
    expect(compileRsql("(id==1,id==11) and general.name!='x y'", fields)(read)).toBe(true);
  });

  it('names a field outside the allow-list', () => {
    expect(() => compileRsql('applications.name==x', fields)).toThrow(RsqlError);
    try {
      compileRsql('applications.name==x', fields);
    } catch (error) {
      expect((error as RsqlError).field).toBe('applications.name');
    }
  });
});

describe('jamfJson', () => {
  it('pretty-prints with a spaced colon like Jamf', () => {
    expect(jamfJson({ totalCount: 1, results: [{ id: '1', a: null }], e: [] })).toBe(
      '{\n  "totalCount" : 1,\n  "results" : [ {\n    "id" : "1",\n    "a" : null\n  } ],\n  "e" : [ ]\n}',
    );
  });
});

describe('faults', () => {
  it('fires every Nth matching request after a warm-up, up to a count', () => {
    const plan = new FaultPlan();
    plan.set(parseFaultRules([{ target: 'intune', kind: 'throttle', every: 2, after: 1, count: 2 }]));
    const fired = Array.from({ length: 8 }, () => plan.pick('intune', '/graph/v1.0/x', false) !== null);
    expect(fired).toEqual([false, false, true, false, true, false, false, false]);
    expect(plan.pick('jamf', '/jamf/api/x', false)).toBeNull();
  });

  it('leaves token endpoints alone unless a rule names them', () => {
    const plan = new FaultPlan();
    plan.set(parseFaultRules([{ target: 'all', kind: 'unavailable' }]));
    expect(plan.pick('intune', '/login/t/oauth2/v2.0/token', true)).toBeNull();
    plan.set(parseFaultRules([{ target: 'all', kind: 'unavailable', pathContains: '/oauth2/' }]));
    expect(plan.pick('intune', '/login/t/oauth2/v2.0/token', true)).not.toBeNull();
  });

  it('refuses unknown settings naming the field', () => {
    expect(() => parseFaultRules([{ target: 'intune', kind: 'boom' }])).toThrow('rules[0].kind');
    expect(() => parseFaultRules([{ target: 'intune', kind: 'slow', delay: 5 }])).toThrow('rules[0].delay');
  });
});

describe('request log paths', () => {
  it('folds ids into {id}', () => {
    expect(
      normalizePath(
        "/graph/beta/deviceManagement/reports/exportJobs('AppInvRawData_3d6f0c2e-8a41-4b7d-9e15-c2a7f4b90d18')",
      ),
    ).toBe('/graph/beta/deviceManagement/reports/exportJobs/{id}');
    expect(normalizePath('/jamf/api/v2/mobile-devices/101/detail')).toBe(
      '/jamf/api/v2/mobile-devices/{id}/detail',
    );
  });
});
