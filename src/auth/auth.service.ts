import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UnauthenticatedError } from '../common/domain-errors';
import { UsersService } from '../users/users.service';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string }> {
    const credentials = await this.users.credentials(username);
    const ok = await this.hasher.verify(credentials?.passwordHash ?? null, password);
    if (!credentials || !ok || !credentials.active) {
      throw new UnauthenticatedError('用户名或密码错误');
    }
    return { accessToken: await this.jwt.signAsync({ sub: credentials.id }) };
  }
}
