import { Controller, Get, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { Public } from '../../access/auth.decorators';
import { html } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, type WebRequest } from '../shared/web-session';
import { TasksPage } from './views/tasks.page';
import { WorklistsService } from './worklists.service';

/** 我的待办: each group counted and paged in SQL (WorklistsService). */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class TasksController {
  constructor(private readonly worklists: WorklistsService) {}

  @Get('tasks')
  async tasks(
    @Req() req: WebRequest,
    @Query('sort') sort?: string,
    @Query('group') group?: string,
    @Query('page') page?: string,
  ): Promise<string> {
    const order = sort === 'updated' ? 'updated' : 'deadline';
    // A page number out of range (or not a number) shows the nearest page, never an error.
    const asked = /^\d{1,6}$/.test(page ?? '') ? Number(page) : 1;
    const tasks = await this.worklists.tasks(req.user!, order, { group, page: asked });
    return html(TasksPage({ user: req.user!, csrf: req.csrfToken!, tasks, sort: order }));
  }
}
