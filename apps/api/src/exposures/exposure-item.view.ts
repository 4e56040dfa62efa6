import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EvidenceView, ExposureDetail, ExposureRuleView, ExposureView } from '@interdict/exposure';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** One rule behind an exposure, with how it stands for this organisation. */
export class ExposureRuleResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) citation!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['binding', 'advisory', 'review'] }) kind!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) jurisdiction!: string | null;
  @ApiProperty({
    enum: ['binding', 'review', 'off'],
    description: 'How the rule stands for this organisation',
  })
  standing!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why it stands so' }) why!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The rule's phase today (restricted, prohibited…)",
  })
  status!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Due under this rule' })
  dueAt!: string | null;
  @ApiProperty({ description: 'An exception lifts this rule for the device' }) excepted!: boolean;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
}

/**
 * One exposure — one physical device running one product — flat, with the device, rules and evidence digest that
 * explain it. Field names of the former finding items are kept where they mean the same thing.
 */
export class ExposureResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['open', 'resolved', 'excepted'] }) status!: string;
  @ApiProperty({ description: 'Open and past its due date' }) isOverdue!: boolean;
  @ApiProperty({
    enum: ['binding', 'review'],
    description: 'binding: a binding rule applies (due date); review: only review rules apply, never overdue',
  })
  standing!: string;
  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low', 'info'] }) severity!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() productName!: string;
  @ApiProperty({ nullable: true, type: String }) vendor!: string | null;
  @ApiProperty({ description: 'The source record shown for the device (the most recently seen)' })
  deviceId!: string;
  @ApiProperty({ nullable: true, type: String }) deviceName!: string | null;
  @ApiProperty({ nullable: true, type: String }) serialNumber!: string | null;
  @ApiProperty() platform!: string;
  @ApiProperty({ nullable: true, type: String }) userPrincipalName!: string | null;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty({ description: 'Same value = same physical device across sources' }) physicalKey!: string;
  @ApiProperty({ type: [String] }) ruleIds!: string[];
  @ApiProperty({ type: [ExposureRuleResponse] }) rules!: ExposureRuleResponse[];
  @ApiProperty({ type: [String], description: 'Titles behind the exposure (live ones while open)' })
  titles!: string[];
  @ApiProperty({ type: [String] }) versions!: string[];
  @ApiProperty({ type: [String], description: 'Sources that report it' }) sources!: string[];
  @ApiProperty() evidenceCount!: number;
  @ApiProperty({ format: 'date-time' }) firstDetectedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastDetectedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: review only' })
  dueAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['no_longer_seen', 'rule_not_applicable'] })
  resolvedReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) exceptionId!: string | null;
}

class EvidenceSource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['intune', 'jamf'] }) kind!: string;
}

/** One source record, title and version behind an exposure. */
export class EvidenceResponse {
  @ApiProperty() deviceId!: string;
  @ApiProperty({ type: EvidenceSource }) source!: EvidenceSource;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) publisher!: string | null;
  @ApiProperty({ nullable: true, type: String }) bundleId!: string | null;
  @ApiProperty() version!: string;
  @ApiProperty({ nullable: true, type: String }) installPath!: string | null;
  @ApiProperty({ description: 'Catalog matcher that fired' }) matcher!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the title matched' }) explanation!:
    string | null;
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'No longer seen since' })
  goneAt!: string | null;
}

/** An exposure with all the evidence behind it. */
export class ExposureDetailResponse extends ExposureResponse {
  @ApiProperty({ type: [EvidenceResponse] }) evidence!: EvidenceResponse[];
}

/** A page of exposures. */
export class ExposurePageResponse {
  @ApiProperty({ type: [ExposureResponse] }) items!: ExposureResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
  @ApiPropertyOptional({ description: 'Rows the filters select over all pages; only with total=true' })
  total?: number;
}

function toRule(r: ExposureRuleView): ExposureRuleResponse {
  return { ...r, dueAt: iso(r.dueAt) };
}

/** The lib's view as the API's flat item. */
export function toExposureResponse(x: ExposureView): ExposureResponse {
  return {
    id: x.id,
    status: x.status,
    isOverdue: x.isOverdue,
    standing: x.standing,
    severity: x.severity,
    productId: x.product.id,
    productName: x.product.name,
    vendor: x.product.vendor,
    deviceId: x.device.id,
    deviceName: x.device.name,
    serialNumber: x.device.serialNumber,
    platform: x.device.platform,
    userPrincipalName: x.device.user,
    sourceId: x.device.sourceId,
    sourceName: x.device.sourceName,
    physicalKey: x.device.physicalKey,
    ruleIds: x.rules.map((r) => r.id),
    rules: x.rules.map(toRule),
    titles: x.titles,
    versions: x.versions,
    sources: x.sources,
    evidenceCount: x.evidenceCount,
    firstDetectedAt: iso(x.firstDetectedAt)!,
    lastDetectedAt: iso(x.lastDetectedAt)!,
    dueAt: iso(x.dueAt),
    resolvedAt: iso(x.resolvedAt),
    resolvedReason: x.resolvedReason,
    exceptionId: x.exceptionId,
  };
}

/** The lib's detail as the API's detail. */
export function toExposureDetailResponse(x: ExposureDetail): ExposureDetailResponse {
  return { ...toExposureResponse(x), evidence: x.evidence.map((e: EvidenceView) => ({ ...e })) };
}
