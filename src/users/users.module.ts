import { Module } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionRevoker } from '../auth/session-revoker';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { UserAdminService } from './user-admin.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [OrganizationsModule],
  controllers: [UsersController],
  providers: [
    UsersService,
    UserAdminService,
    UsersRepository,
    PasswordHasher,
    AdminBootstrapService,
    SessionRevoker,
  ],
  exports: [UsersService, UserAdminService, PasswordHasher, SessionRevoker],
})
export class UsersModule {}
