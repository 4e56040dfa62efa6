/**
 * One Exposed devices row's cells (the sheet's shape in libs/reports/src/render/sheets.ts: 23 columns of text,
 * dates and numbers) made from a row number, for benches that write workbooks without a database.
 */
export function exposedDeviceCells(i: number, first: Date, now: Date): (string | number | Date)[] {
  return [
    `DEVICE-${i}`,
    `SN${i}`,
    `User ${i % 5000}`,
    `user${i % 5000}@example.com`,
    'windows',
    '10.0.22631',
    'Bench Intune',
    'Kaspersky Endpoint Security',
    'critical',
    'binding',
    'US-BIS-FD, US-EL-2024, TX-PTL-2023',
    '89 FR 52434 (FR Doc 2024-13532), ICTS-2021-002; 89 FR 52362 (FR Doc 2024-13695), RIN 0694-AJ73; Texas Government Code ch. 620',
    `Kaspersky Endpoint Security ${i % 2}`,
    '21.3.10.391',
    'AO Kaspersky Lab',
    '',
    'open',
    first,
    now,
    now,
    first,
    i % 90,
    i + 1,
  ];
}
