import { ApiProperty } from '@nestjs/swagger';

class ErrorDetail {
  @ApiProperty({ example: 'validation_failed' })
  code!: string;
  @ApiProperty({ example: 'name: unknown field' })
  message!: string;
  @ApiProperty({ nullable: true, type: String, example: 'name' })
  field!: string | null;
  @ApiProperty({
    nullable: true,
    description: 'Per-field problems for validation errors',
    example: [{ field: 'name', message: 'unknown field' }],
  })
  details!: unknown;
  @ApiProperty({ example: '6f1c0e0a-7c5e-4c1b-9d55-0d1f0b5c2e11' })
  requestId!: string;
}

/** The body of every error response. */
export class ErrorBodyResponse {
  @ApiProperty({ type: ErrorDetail })
  error!: ErrorDetail;
}
