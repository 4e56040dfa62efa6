import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '@interdict/database';
import type { SoftwareDetail, SoftwareView } from '@interdict/exposure';

export class SoftwareMatchResponse {
  @ApiProperty() productId!: string;
  @ApiProperty() matcherId!: string;
  @ApiProperty() explanation!: string;
}

/** One distinct title (platform, name, publisher, bundle id). */
export class SoftwareResponse {
  @ApiProperty() id!: string;
  @ApiProperty() platform!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) publisher!: string | null;
  @ApiProperty({ nullable: true, type: String }) bundleId!: string | null;
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ type: [SoftwareMatchResponse] }) matches!: SoftwareMatchResponse[];
}

/** A title with how many devices have it now. */
export class SoftwareDetailResponse extends SoftwareResponse {
  @ApiProperty({ description: 'Devices with an active installation of this title' }) devices!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { version: { type: 'string' }, devices: { type: 'number' } } },
  })
  versions!: { version: string; devices: number }[];
}

/** A page of titles. */
export class SoftwarePageResponse {
  @ApiProperty({ type: [SoftwareResponse] }) items!: SoftwareResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: 'Rows the filters select over all pages; only with total=true' })
  total?: number;
}

export function toSoftwareResponse(s: SoftwareView): SoftwareResponse {
  return { ...s, firstSeenAt: s.firstSeenAt.toISOString() };
}

export function toSoftwarePageResponse(page: Page<SoftwareView>): SoftwarePageResponse {
  return { ...page, items: page.items.map(toSoftwareResponse) };
}

export function toSoftwareDetailResponse(s: SoftwareDetail): SoftwareDetailResponse {
  return { ...toSoftwareResponse(s), devices: s.devices, versions: s.versions };
}
