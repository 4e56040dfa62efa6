import { ApiProperty } from '@nestjs/swagger';

/** One finding, flat, with the device, title and rule that explain it. */
export class FindingResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['open', 'resolved', 'excepted'] }) status!: string;
  @ApiProperty({ description: 'Open and past its due date' }) isOverdue!: boolean;
  @ApiProperty() productId!: string;
  @ApiProperty() productName!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ nullable: true, type: String }) ruleCitation!: string | null;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty() deviceId!: string;
  @ApiProperty({ nullable: true, type: String }) deviceName!: string | null;
  @ApiProperty({ nullable: true, type: String }) serialNumber!: string | null;
  @ApiProperty() platform!: string;
  @ApiProperty({ nullable: true, type: String }) userPrincipalName!: string | null;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty() softwareId!: string;
  @ApiProperty() softwareName!: string;
  @ApiProperty({ nullable: true, type: String }) publisher!: string | null;
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'Catalog matcher that fired' }) matcherId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the title matched' }) explanation!:
    string | null;
  @ApiProperty({ format: 'date-time' }) firstDetectedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastDetectedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) exceptionId!: string | null;
}

/** A page of findings. */
export class FindingPageResponse {
  @ApiProperty({ type: [FindingResponse] }) items!: FindingResponse[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
}
