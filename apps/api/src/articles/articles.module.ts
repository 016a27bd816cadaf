import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { ArticleRoomsGateway } from './article-rooms.gateway.js';
import { ArticlesController } from './articles.controller.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesService } from './articles.service.js';

@Module({
  imports: [RealtimeModule],
  controllers: [ArticlesController],
  providers: [ArticlesService, ArticlesRepository, ArticleRoomsGateway],
  exports: [ArticlesService, ArticlesRepository],
})
export class ArticlesModule {}
