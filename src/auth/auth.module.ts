import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AccountController } from './account.controller';
import { AccountGateGuard } from './account-gate.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { resolveJwtSecret } from './jwt-secret';
import { RolesGuard } from './roles.guard';
import { SecondFactorService } from './second-factor.service';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // One KeyObject for the life of the process: given a string, jsonwebtoken first tries to
        // parse it as a public key on every verify, and that failed parse cost ~4% of the server's
        // CPU in the simulated year.
        const key = createSecretKey(
          Buffer.from(resolveJwtSecret(config.jwtSecret, config.dataDir)),
        );
        return {
          secretOrKeyProvider: () => key,
          signOptions: { expiresIn: config.jwtTtl as `${number}h` },
        };
      },
    }),
  ],
  controllers: [AuthController, AccountController],
  // The web console signs people in with the same service and token (kept in a cookie there).
  exports: [AuthService, JwtModule, SecondFactorService],
  providers: [
    AuthService,
    SecondFactorService,
    // Order matters: authenticate first, then hold back users with an account action pending,
    // then check roles.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: AccountGateGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
