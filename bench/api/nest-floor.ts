/**
 * A second floor for bench:api: the floor (floor.ts) behind NestJS, which the issue keeps as the design. The same
 * synchronous better-sqlite3 insert per request, through Nest's Fastify adapter, router and a global ValidationPipe
 * with the product's options checking a one-field DTO: what the framework costs before any of the product's own
 * work (durable store, queue, keys, limits, logging). Run by bench/api/run.ts: node nest-floor.js <port> <sqlite file>
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { ArrayNotEmpty, IsArray, IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';

const [port, file] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO jobs (job_id, body, created_at) VALUES (?, ?, ?)');

class ProcessBody {
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  imageUrls!: string[];
}

@Controller()
class ProcessController {
  @Post('process')
  @HttpCode(202)
  submit(@Body() body: ProcessBody) {
    const jobId = randomUUID();
    insert.run(jobId, JSON.stringify(body), new Date().toISOString());
    return { jobId };
  }
}

@Module({ controllers: [ProcessController] })
class NestFloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(NestFloorModule, new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalPipes(
    new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
  );
  await app.listen(Number(port), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
