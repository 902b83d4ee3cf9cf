import {
  BadRequestException,
  Inject,
  Injectable,
  PayloadTooLargeException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { InvalidInputError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { attachmentTooLarge } from './attachment-files';

/**
 * Bound outside FileInterceptor: the multipart parser's errors arrive here as Nest's HTTP
 * exceptions (multer's LIMIT_FILE_SIZE as 413, malformed or unexpected parts as 400) and leave as
 * domain errors with Chinese messages. Handlers behind it throw domain errors only.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => throwError(() => this.translate(err))));
  }

  private translate(err: unknown): unknown {
    if (err instanceof PayloadTooLargeException) {
      return attachmentTooLarge(this.config.attachmentMaxBytes);
    }
    if (err instanceof BadRequestException) {
      return InvalidInputError.field(
        'file',
        '上传内容格式有误:请用 multipart/form-data 提交一个名为 file 的文件和 kind 字段',
      );
    }
    return err;
  }
}
