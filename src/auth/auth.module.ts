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
import { LoginThrottleService } from './login-throttle.service';
import { RolesGuard } from './roles.guard';
import { PasswordResetController } from './password-reset.controller';
import { PasswordService } from './password.service';
import { CredentialsRepository } from './credentials.repository';
import { LoginThrottleRepository } from './login-throttle.repository';
import { SecondFactorCodes } from './second-factor-codes';
import { SecondFactorLogin } from './second-factor-login.service';
import { SecondFactorReset } from './second-factor-reset.service';
import { SecondFactorService } from './second-factor.service';
import { SessionsController } from './sessions.controller';
import { SessionRevokerModule } from './session-revoker.module';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { TOKEN_ALGORITHM } from './session-token';

@Module({
  imports: [
    UsersModule,
    // The sessions' SessionRevoker, injected by account administration in src/users too.
    SessionRevokerModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // One KeyObject for the life of the process: given a string, jsonwebtoken first tries to
        // parse it as a public key on every verify, and that failed parse cost ~4% of the server's
        // CPU in the simulated year.
        const key = createSecretKey(
          Buffer.from(resolveJwtSecret(config.jwtSecret, config.dataDir)),
        );
        // Every token names its own `exp` (its session's absolute end); HS256 only, both ways.
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: TOKEN_ALGORITHM },
          verifyOptions: { algorithms: [TOKEN_ALGORITHM] },
        };
      },
    }),
  ],
  controllers: [AuthController, AccountController, SessionsController, PasswordResetController],
  // The web console signs people in with the same services and token (kept in a cookie there).
  exports: [AuthService, SessionsService, JwtModule, SecondFactorService, PasswordService],
  providers: [
    AuthService,
    SessionsService,
    LoginThrottleService,
    SecondFactorService,
    SecondFactorLogin,
    SecondFactorReset,
    SecondFactorCodes,
    PasswordService,
    SessionsRepository,
    LoginThrottleRepository,
    CredentialsRepository,
    // Order matters: authenticate first, then hold back users with an account action pending,
    // then check roles.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: AccountGateGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
