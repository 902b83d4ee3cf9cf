import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';

/**
 * Multer settings for every attachment upload, from the API and from the web console alike.
 * Memory storage: the file is checked (size, type by content, hash) before anything is written,
 * and the configured limit (at most 100 MB) bounds what one request can hold.
 */
export function attachmentUploadOptions(config: AppConfig): MulterModuleOptions {
  return {
    limits: {
      fileSize: config.attachmentMaxBytes,
      files: 1,
      fields: 5,
      fieldSize: 1024,
      parts: 8,
    },
    // Browsers send UTF-8 file names; multer's default would read them as Latin-1.
    defParamCharset: 'utf8',
  };
}
