import { Controller } from '@nestjs/common';
import { Route } from '../common/route.js';
import { VersionService } from './version.service.js';

@Controller()
export class VersionController {
  constructor(private readonly service: VersionService) {}

  /** Public: version and commit name open-source code, and deploy checks ask without an account. */
  @Route('getVersion')
  version() {
    return this.service.version();
  }
}
