import { list, str, type Parser } from '../parsers';
import type { SettingReader } from '../setting-reader';

// ISO 3166-1 alpha-2 country codes, plus EU for rules of the Union.
const COUNTRIES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW EU'
).split(' ');
// ISO 3166-2:US subdivisions: the states, the District of Columbia and the outlying areas.
const US_SUBDIVISIONS = (
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR ' +
  'PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR UM VI'
)
  .split(' ')
  .map((s) => `US-${s}`);

/** Jurisdictions a rule can bind and an organisation can be in: ISO 3166-1 countries (+ EU) and US states. */
export const JURISDICTIONS: readonly string[] = [...COUNTRIES, ...US_SUBDIVISIONS];

/**
 * Sectors that decide whom a rule binds. An organisation with none is an ordinary private business; rules that
 * bind everyone in a jurisdiction apply to it whatever its sectors.
 */
export const SECTORS = [
  'federal-agency',
  'federal-contractor',
  'state-agency',
  'local-government',
  'public-administration',
  'subsidy-recipient',
  'critical-infrastructure',
] as const;
export type Sector = (typeof SECTORS)[number];

const known =
  (values: readonly string[], what: string, examples: string): Parser<string> =>
  (raw) => {
    const s = typeof raw === 'string' ? raw.trim() : undefined;
    if (s && values.includes(s)) return { value: s };
    return { problem: `is not a known ${what} (got "${String(raw)}"; use ${examples})` };
  };

const ruleId = str({ maxLength: 80, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, describe: 'a catalog rule id' });

/**
 * The organisation profile: who we are decides which catalog rules bind us (due dates, overdue), which only advise
 * us (shown for review) and which do not concern us. The default is a typical US enterprise: a private business in
 * the United States, not a government body or federal contractor (docs/policy.md).
 */
export function readPolicy(r: SettingReader) {
  r.moved('catalog.disabledRules', 'policy.disableRules (the organisation profile)');
  return {
    /** Where the organisation operates: ISO 3166-1 codes (US, DE) or US states (US-TX implies US). */
    jurisdictions: r.read(
      'policy.jurisdictions',
      list(
        known(JURISDICTIONS, 'jurisdiction', 'ISO 3166 codes such as US, DE, IT or US states such as US-TX'),
      ),
      { env: 'POLICY_JURISDICTIONS', default: ['US'] },
    ),
    /** What kind of organisation it is, for rules that bind only some (federal contractors, state agencies…). */
    sectors: r.read('policy.sectors', list(known(SECTORS, 'sector', SECTORS.join(', '))), {
      env: 'POLICY_SECTORS',
      default: [],
    }) as Sector[],
    /** Rules that apply whatever the profile says (e.g. an opt-in review rule, or a rule adopted as policy). */
    enableRules: r.read('policy.enableRules', list(ruleId), { env: 'POLICY_ENABLE_RULES', default: [] }),
    /** Rules that do not apply here whatever the profile says. */
    disableRules: r.read('policy.disableRules', list(ruleId), { env: 'POLICY_DISABLE_RULES', default: [] }),
  };
}
