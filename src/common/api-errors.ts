import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The one shape DomainExceptionFilter gives every error, for the API docs. */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict' })
  error: string;

  @ApiProperty({ example: '当前状态下不能执行该操作' })
  message: string;

  @ApiPropertyOptional({
    description: '400 only: the messages for each field path',
    example: { 'ip.noDispute': ['必须确认知识产权权属清晰、无争议'] },
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  errors?: Record<string, string[]>;
}

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429;

const MEANING: Record<ErrorStatus, string> = {
  400: 'Invalid input: `errors` names each field; nothing was written',
  401: 'No valid bearer token',
  403: 'The caller’s role or organisation may not do this',
  404: 'No such object',
  409: 'Conflict with the current state; nothing was written',
  429: 'Too many attempts: try again after the Retry-After header’s seconds',
};

/** Documents error answers of a route; `details` adds what a status means there. */
export function ApiErrors(details: Partial<Record<ErrorStatus, string | true>>) {
  return applyDecorators(
    ...Object.entries(details).map(([status, detail]) => {
      const code = Number(status) as ErrorStatus;
      const description = detail === true ? MEANING[code] : `${MEANING[code]}. ${detail}`;
      return ApiResponse({ status: code, description, type: ErrorResponseDto });
    }),
  );
}
