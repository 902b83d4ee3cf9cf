import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import { APP_CSS, APP_JS } from './assets';
import { EDITION_CSS } from './edition-css';
import { FAVICON_SVG, HEADER_CSS } from './header-assets';

const HTMX = require.resolve('htmx.org/dist/htmx.min.js');
const CACHE = 'public, max-age=86400';

/** The console's scripts and styles, from the app itself: no CDN, no external address. */
@Public()
@Controller('assets')
export class AssetsController {
  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', CACHE)
  css(): string {
    return APP_CSS + HEADER_CSS;
  }

  @Get('app.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', CACHE)
  js(): string {
    return APP_JS;
  }

  @Get('htmx.min.js')
  htmx(@Res() res: Response): void {
    res.sendFile(HTMX, {
      headers: { 'Cache-Control': CACHE, 'Content-Type': 'text/javascript; charset=utf-8' },
    });
  }

  @Get('edition.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', CACHE)
  editionCss(): string {
    return EDITION_CSS;
  }

  @Get('favicon.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', CACHE)
  favicon(): string {
    return FAVICON_SVG;
  }
}
