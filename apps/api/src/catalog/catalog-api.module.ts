import { Module } from '@nestjs/common';
import { CatalogModule } from '@interdict/catalog';
import { CatalogController } from './catalog.controller';

/** The catalog over HTTP (read and validate). */
@Module({ imports: [CatalogModule], controllers: [CatalogController] })
export class CatalogApiModule {}
