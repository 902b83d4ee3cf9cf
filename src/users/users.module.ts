import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
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
  ],
  exports: [UsersService, UserAdminService, PasswordHasher],
})
export class UsersModule {}
