import { ValidationPipe, type ValidationError } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { ApiRequestError, type FieldProblem } from './api-request.error';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, text]) => ({
      field,
      message: rule === 'whitelistValidation' ? 'unknown field' : text,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The global pipe: DTOs checked with class-validator, unknown fields refused by name, values transformed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    // Given explicitly: the pipe's own lazy import() is not followed by every module loader (Jest).
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const first = details[0];
      const message = details.length
        ? details.map((d) => `${d.field}: ${d.message}`).join('; ')
        : 'The request is not valid';
      return new ApiRequestError('validation_failed', message, first?.field, details);
    },
  });
}
