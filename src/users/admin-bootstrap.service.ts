import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  CreateRequestContext,
  MikroORM,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { UserRole } from '../../workflows/achievement.machine';
import { PasswordHasher } from './password-hasher';
import { passwordMessages, temporaryPassword } from './password-policy';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/tx';
import { SecurityLogService } from '../security-log/security-log.service';
import { UsersRepository } from './users.repository';

export const PROVINCIAL_DEPARTMENT = '浙江省科学技术厅';

/** The three administrators of the first start (三权分立), each with their own password. */
export const BOOTSTRAP_ACCOUNTS: readonly {
  username: string;
  displayName: string;
  role: UserRole;
  env: string;
  password: (config: AppConfig) => string | null;
}[] = [
  {
    username: 'admin',
    displayName: '系统管理员',
    role: 'admin',
    env: 'ADMIN_PASSWORD',
    password: (c) => c.adminPassword,
  },
  {
    username: 'secadmin',
    displayName: '安全管理员',
    role: 'securityAdmin',
    env: 'SECURITY_ADMIN_PASSWORD',
    password: (c) => c.securityAdminPassword,
  },
  {
    username: 'auditadmin',
    displayName: '审计管理员',
    role: 'auditAdmin',
    env: 'AUDIT_ADMIN_PASSWORD',
    password: (c) => c.auditAdminPassword,
  },
];

/** Another instance holding SQLite's write lock, or a lost race, is retried this many times. */
const MAX_ATTEMPTS = 20;

/**
 * On the first start there is nobody to log in as. This creates the provincial department and the
 * three administrators — `admin` (system), `secadmin` (accounts) and `auditadmin` (logs) — each
 * with its password from the environment or a generated one printed once. An upgraded
 * installation that has only `admin` gets the other two on its next start.
 *
 * Several instances may start at once on one database: on PostgreSQL the work runs under a
 * transaction-scoped advisory lock, so the others wait and then find everything there; any
 * instance that still loses a race (SQLite's write lock, a unique name) starts over and finds the
 * winner's rows. Only the instance that created an account prints its password.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    // Required by @CreateRequestContext to fork a context outside of a request.
    private readonly orm: MikroORM,
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly securityLog: SecurityLogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @CreateRequestContext()
  async onApplicationBootstrap(): Promise<void> {
    const missing = [];
    for (const account of BOOTSTRAP_ACCOUNTS) {
      if (!(await this.users.usernameExists(account.username))) missing.push(account);
    }
    if (missing.length === 0) return;
    // Hash outside the lock: argon2 is slow and the lock keeps other instances waiting.
    const prepared = await Promise.all(
      missing.map(async (account) => {
        const given = account.password(this.config);
        const password = given ?? temporaryPassword();
        // A generated password was printed to the log, and a weak one from the environment is not
        // one to keep: both must be changed at the first login. A strong password the operator
        // chose stands (it still expires like any administrator's).
        const weak = passwordMessages(password, account.username);
        return {
          account,
          password,
          generated: !given,
          weak,
          hash: await this.hasher.hash(password),
        };
      }),
    );
    const created = await this.createMissing(prepared);
    for (const { account, password, generated, weak } of prepared) {
      if (!created.includes(account.username)) continue;
      if (generated) {
        this.logger.warn(
          `已创建${account.displayName}账号 ${account.username},初始密码(仅显示这一次):${password} (首次登录须修改)`,
        );
      } else if (weak.length) {
        this.logger.warn(
          `已使用 ${account.env} 创建${account.displayName}账号 ${account.username};该密码不符合密码策略(${weak.join(';')}),首次登录须修改`,
        );
      } else {
        this.logger.log(`已使用 ${account.env} 创建${account.displayName}账号 ${account.username}`);
      }
      await this.securityLog.record({
        kind: 'userCreated',
        username: account.username,
        detail: { roles: [account.role], firstStart: true },
      });
    }
  }

  /** Creates what is still missing; returns the user names this instance created. */
  private async createMissing(
    prepared: {
      account: (typeof BOOTSTRAP_ACCOUNTS)[number];
      hash: string;
      generated: boolean;
      weak: string[];
    }[],
  ): Promise<string[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (tx) => {
          await this.users.lockBootstrap(tx);
          const department =
            (await this.users.organizationNamed(tx, PROVINCIAL_DEPARTMENT)) ??
            this.users.createOrganization(tx, {
              name: PROVINCIAL_DEPARTMENT,
              type: 'provincialDepartment',
              city: '杭州',
              county: null,
              reportsThrough: null,
              createdAt: this.clock.now(),
            });
          const created: string[] = [];
          for (const { account, hash, generated, weak } of prepared) {
            if (await this.users.usernameTaken(account.username, tx)) continue;
            this.users.create(
              {
                username: account.username,
                passwordHash: hash,
                displayName: account.displayName,
                email: null,
                organization: department,
                roles: [account.role],
                active: true,
                createdAt: this.clock.now(),
                passwordChangedAt: this.clock.now(),
                mustChangePassword: generated || weak.length > 0,
              },
              tx,
            );
            created.push(account.username);
          }
          return created;
        });
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !lostRace(err)) throw err;
        await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 80)));
      }
    }
  }
}

/** Another instance got there first, or holds SQLite's write lock: look again. */
function lostRace(err: unknown): boolean {
  if (err instanceof UniqueConstraintViolationException) return true;
  const text = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /SQLITE_BUSY|database is locked|LockWaitTimeout|deadlock|could not serialize/i.test(text);
}
