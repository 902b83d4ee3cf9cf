import { registerDecorator, type ValidationArguments } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * Why a password is refused, or null. Length alone lets "aaaaaaaaaa" through and a name inside the
 * password is the first thing a guesser tries, so both are refused too.
 */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `长度不能少于${PASSWORD_MIN_LENGTH}个字符`;
  }
  if (CLASSES.filter((c) => c.test(password)).length < 3) {
    return '须包含小写字母、大写字母、数字、符号中的至少三类';
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return '不能包含用户名';
  }
  return null;
}

/** The password policy as a class-validator constraint; reads the username from the same DTO. */
export function IsAcceptablePassword(usernameProperty = 'username'): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const username = (args.object as Record<string, unknown>)[usernameProperty];
          return (
            passwordProblem(value, typeof username === 'string' ? username : undefined) === null
          );
        },
        defaultMessage(args: ValidationArguments) {
          const username = (args.object as Record<string, unknown>)[usernameProperty];
          return typeof args.value === 'string'
            ? (passwordProblem(args.value, typeof username === 'string' ? username : undefined) ??
                '密码不符合要求')
            : '必须是文本';
        },
      },
    });
  };
}
