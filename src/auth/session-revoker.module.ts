import { Global, Module } from '@nestjs/common';
import { SessionRevoker } from '../users/session-revoker';
import { AuthSessionRevoker } from './auth-session-revoker';
import { SessionsRepository } from './sessions.repository';

/**
 * Registers auth's SessionRevoker for every module: src/users injects the port it declares without
 * importing src/auth (which imports the users), so the two folders depend one way.
 */
@Global()
@Module({
  providers: [SessionsRepository, { provide: SessionRevoker, useClass: AuthSessionRevoker }],
  exports: [SessionRevoker],
})
export class SessionRevokerModule {}
