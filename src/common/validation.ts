import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { InvalidInputError, type FieldErrors } from './domain-errors';
import { assertCleanInput } from './input-text';

/**
 * class-validator's messages are English; reviewers read Chinese. Each constraint we use gets a
 * Chinese template here, so DTOs stay free of repeated message options.
 */
const ZH: Record<string, (c: string) => string> = {
  isNotEmpty: () => '不能为空',
  isDefined: () => '必须填写',
  isString: () => '必须是文本',
  isBoolean: () => '必须是 true 或 false',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isArray: () => '必须是列表',
  isObject: () => '必须是对象',
  isUuid: () => '必须是有效的 ID',
  isIn: (c) => `取值不在允许范围内(${c.replace(/^.*following values: /, '')})`,
  isEnum: (c) => `取值不在允许范围内(${c.replace(/^.*following values: /, '')})`,
  min: (c) => `不能小于${c.replace(/^.*not be less than /, '')}`,
  max: (c) => `不能大于${c.replace(/^.*not be greater than /, '')}`,
  minLength: (c) => `长度不能少于${c.replace(/^.*longer than or equal to (\d+).*$/, '$1')}个字符`,
  maxLength: (c) => `长度不能超过${c.replace(/^.*shorter than or equal to (\d+).*$/, '$1')}个字符`,
  arrayMinSize: (c) => `至少需要${c.replace(/^.*at least (\d+).*$/, '$1')}项`,
  arrayMaxSize: (c) => `最多${c.replace(/^.*no more than (\d+).*$/, '$1')}项`,
  arrayUnique: () => '不能有重复项',
  matches: () => '格式不正确',
  isDateString: () => '必须是有效的日期',
  isIso8601: () => '必须是有效的日期',
  isDate: () => '必须是有效的日期',
  nestedValidation: () => '必须是对象',
  whitelistValidation: () => '不允许的字段',
  equals: () => '取值不正确',
  isEmail: () => '必须是有效的电子邮箱地址',
};

const CHINESE = /[\u4e00-\u9fff]/;

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      // A message a DTO wrote in Chinese is kept; class-validator's English defaults are replaced.
      const messages = Object.entries(error.constraints).map(([key, message]) =>
        ZH[key] && !CHINESE.test(message) ? ZH[key](message) : message,
      );
      out[path] = [...new Set(messages)];
    }
    if (error.children?.length) Object.assign(out, flattenValidationErrors(error.children, path));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputError(flattenValidationErrors(errors)),
  });
}

/** Validates a plain object against a DTO class outside the request pipe (e.g. merged updates). */
export async function validateAs<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
): Promise<T> {
  // The edge's character policy (see input-text.ts) also holds for forms checked here.
  assertCleanInput(plain);
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new InvalidInputError(flattenValidationErrors(errors));
  return instance;
}
