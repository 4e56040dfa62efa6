import { join } from 'node:path';
import { loadCatalog } from '../load-catalog';
import {
  ProductRuleSets,
  profileVersion,
  ruleApplicability,
  type OrganisationProfile,
} from './organisation-policy';

const catalog = loadCatalog({ dir: join(__dirname, '..', '..', '..', '..', 'config', 'catalog') });
const rule = (id: string) => catalog.rules.find((r) => r.id === id)!;
const profile = (p: Partial<OrganisationProfile> = {}): OrganisationProfile => ({
  jurisdictions: ['US'],
  sectors: [],
  enableRules: [],
  disableRules: [],
  ...p,
});
const standing = (id: string, p: Partial<OrganisationProfile> = {}) =>
  ruleApplicability(rule(id), profile(p));
const NOW = new Date('2026-06-01T00:00:00Z');

describe('organisation policy', () => {
  it('binds a typical US enterprise by the Commerce ban and advises it of the government bans', () => {
    expect(standing('US-BIS-FD')).toMatchObject({ standing: 'binding', reason: 'binds everyone in US' });
    expect(standing('US-FAR-52.204-23')).toMatchObject({
      standing: 'review',
      reason: 'binds federal-contractor in US; advises everyone in US',
    });
    expect(standing('DE-BSI-2022')).toMatchObject({ standing: 'off', reason: 'binds only everyone in DE' });
  });

  it('binds a federal contractor by the FAR clauses', () => {
    expect(standing('US-FAR-52.204-23', { sectors: ['federal-contractor'] }).standing).toBe('binding');
    expect(standing('US-FAR-52.204-27', { sectors: ['federal-contractor'] }).standing).toBe('binding');
    expect(standing('US-BOD17-01', { sectors: ['federal-contractor'] }).standing).toBe('review');
  });

  it('puts a US state inside the US, not the other way round', () => {
    expect(standing('TX-PTL-2025', { jurisdictions: ['US-TX'], sectors: ['state-agency'] }).standing).toBe(
      'binding',
    );
    expect(standing('US-BIS-FD', { jurisdictions: ['US-TX'] }).standing).toBe('binding');
    expect(standing('TX-PTL-2025', { jurisdictions: ['US'], sectors: ['state-agency'] }).standing).toBe(
      'review',
    );
  });

  it('shows an advisory rule for review even where it binds (never overdue)', () => {
    expect(standing('DE-BSI-2022', { jurisdictions: ['DE'] })).toMatchObject({ standing: 'review' });
  });

  it('lets enableRules and disableRules override the profile', () => {
    expect(standing('TX-PTL-2025', { enableRules: ['TX-PTL-2025'] })).toMatchObject({
      standing: 'binding',
      reason: 'enabled by policy.enableRules',
    });
    expect(standing('US-BIS-FD', { disableRules: ['US-BIS-FD'] }).standing).toBe('off');
  });

  it('gives each product the rules in force that apply, with the highest severity', () => {
    const sets = new ProductRuleSets(catalog.rules, catalog.products, profile());
    expect(sets.rulesFor('kaspersky-consumer', NOW).map((a) => `${a.rule.id}:${a.standing}`)).toEqual([
      'US-BIS-FD:binding',
      'US-EL-2024:review',
      'US-FCC-CL-2022:review',
      'US-BOD17-01:review',
      'US-NDAA1634:review',
      'US-FAR-52.204-23:review',
      'TX-PTL-2023:review',
    ]);
    expect(sets.severityOf('kaspersky-consumer', NOW)).toBe('critical');
    expect(
      sets.rulesFor('kaspersky-consumer', new Date('2024-01-01T00:00:00Z')).map((a) => a.rule.id),
    ).not.toContain('US-BIS-FD');
    const germany = new ProductRuleSets(catalog.rules, catalog.products, profile({ jurisdictions: ['DE'] }));
    expect(germany.productIds(NOW).every((id) => id.startsWith('kaspersky'))).toBe(true);
  });

  it('hashes a profile independently of list order', () => {
    expect(profileVersion(profile({ sectors: ['federal-agency', 'federal-contractor'] }))).toBe(
      profileVersion(profile({ sectors: ['federal-contractor', 'federal-agency'] })),
    );
    expect(profileVersion(profile())).not.toBe(profileVersion(profile({ jurisdictions: ['DE'] })));
  });
});
