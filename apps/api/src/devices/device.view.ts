import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '@interdict/database';
import type { DeviceDetail, DeviceView, InstallationView } from '@interdict/exposure';
import { ExposureResponse, toExposureResponse } from '../exposures/exposure-item.view';

/** A device as one source reports it. */
export class DeviceResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty({ description: 'Same value = same physical device across sources' }) physicalKey!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) serialNumber!: string | null;
  @ApiProperty() platform!: string;
  @ApiProperty({ nullable: true, type: String }) osVersion!: string | null;
  @ApiProperty({ nullable: true, type: String }) userPrincipalName!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastCheckInAt!: string | null;
  @ApiProperty({ description: 'No MDM check-in within exposure.staleAfterDays' }) isStale!: boolean;
  @ApiProperty() appsReported!: boolean;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) removedAt!: string | null;
  @ApiProperty({ description: 'Open exposures of the physical device (any source)' }) openExposures!: number;
}

/** A page of devices. */
export class DevicePageResponse {
  @ApiProperty({ type: [DeviceResponse] }) items!: DeviceResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiPropertyOptional({ description: 'Rows the filters select over all pages; only with total=true' })
  total?: number;
}

/** A title installed on a device. */
export class InstallationResponse {
  @ApiProperty() softwareId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) publisher!: string | null;
  @ApiProperty({ nullable: true, type: String }) bundleId!: string | null;
  @ApiProperty() version!: string;
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ type: [String], description: 'Catalog products this title matches' })
  matchedProducts!: string[];
}

/** A device with its installed software and the exposures of its physical device (all sources). */
export class DeviceDetailResponse extends DeviceResponse {
  @ApiProperty({ type: [InstallationResponse] }) installations!: InstallationResponse[];
  @ApiProperty({ type: [ExposureResponse] }) exposures!: ExposureResponse[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toDeviceResponse(d: DeviceView): DeviceResponse {
  return {
    ...d,
    lastCheckInAt: iso(d.lastCheckInAt),
    firstSeenAt: d.firstSeenAt.toISOString(),
    lastSeenAt: d.lastSeenAt.toISOString(),
    removedAt: iso(d.removedAt),
  };
}

export function toDevicePageResponse(page: Page<DeviceView>): DevicePageResponse {
  return { ...page, items: page.items.map(toDeviceResponse) };
}

function toInstallationResponse(i: InstallationView): InstallationResponse {
  return { ...i, firstSeenAt: i.firstSeenAt.toISOString(), lastSeenAt: i.lastSeenAt.toISOString() };
}

export function toDeviceDetailResponse(d: DeviceDetail): DeviceDetailResponse {
  return {
    ...toDeviceResponse(d),
    installations: d.installations.map(toInstallationResponse),
    exposures: d.exposures.map(toExposureResponse),
  };
}
