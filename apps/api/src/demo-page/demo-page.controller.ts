import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PublicRoute } from '../auth/public-route';
import { DEMO_PAGE_HTML } from './demo-page.html';

/**
 * The demo page at `/`: a person drops photos and sees the boxes. Not part of the API, so not in openapi.json.
 * Public: a browser cannot send a key with the page request; the page itself sends the key it is given.
 */
@ApiExcludeController()
@PublicRoute()
@Controller()
export class DemoPageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return DEMO_PAGE_HTML;
  }
}
