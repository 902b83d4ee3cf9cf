import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  CreateRequestContext,
  MikroORM,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { passwordMessages, temporaryPassword } from '../auth/password-policy';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from './users.service';

export const PROVINCIAL_DEPARTMENT = '浙江省科学技术厅';

/**
 * On the first start there is nobody to log in as. This creates the provincial department and the
 * `admin` user, with ADMIN_PASSWORD or a generated password printed once.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    // Required by @CreateRequestContext to fork a context outside of a request.
    private readonly orm: MikroORM,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @CreateRequestContext()
  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.exists('admin')) return;
    const department = await this.organizations.ensureProvincialDepartment(PROVINCIAL_DEPARTMENT);
    const generated = !this.config.adminPassword;
    const password = this.config.adminPassword ?? temporaryPassword();
    // A generated password was printed to the log, and a weak ADMIN_PASSWORD is not one to keep:
    // both must be changed at the first login. A strong ADMIN_PASSWORD the operator chose stands
    // (it still expires like any admin's).
    const weak = passwordMessages(password, 'admin');
    try {
      await this.users.create(
        {
          username: 'admin',
          password,
          displayName: '系统管理员',
          organizationId: department.id,
          roles: ['admin'],
        },
        { mustChangePassword: generated || weak.length > 0 },
      );
    } catch (err) {
      // Another instance starting at the same moment got there first; its admin stands.
      if (err instanceof UniqueConstraintViolationException) return;
      throw err;
    }
    if (generated) {
      this.logger.warn(`已创建管理员账号 admin,初始密码(仅显示这一次):${password}`);
    } else if (weak.length) {
      this.logger.warn(
        `已使用 ADMIN_PASSWORD 创建管理员账号 admin;该密码不符合密码策略(${weak.join(';')}),首次登录须修改`,
      );
    } else {
      this.logger.log('已使用 ADMIN_PASSWORD 创建管理员账号 admin');
    }
  }
}
