import type { FrameworkId } from '../../model/report.js'
import type { FrameworkAdvice } from './types.js'
import { aspnet } from './aspnet.js'
import { axum } from './axum.js'
import { django } from './django.js'
import { express } from './express.js'
import { fastapi } from './fastapi.js'
import { fastify } from './fastify.js'
import { flask } from './flask.js'
import { generic } from './generic.js'
import { hono } from './hono.js'
import { koa } from './koa.js'
import { nestjs } from './nestjs.js'
import { nextjs } from './nextjs.js'
import { php } from './php.js'
import { rails } from './rails.js'
import { spring } from './spring.js'

export { TOPICS, type Topic, type Advice, type FrameworkAdvice } from './types.js'

/** Typed as a full record so that adding a FrameworkId to the model fails to compile until advice exists. */
export const ADVICE: Readonly<Record<FrameworkId, FrameworkAdvice>> = {
  php,
  express,
  fastify,
  django,
  flask,
  rails,
  spring,
  aspnet,
  fastapi,
  axum,
  koa,
  hono,
  nestjs,
  nextjs,
  generic,
}

/** Every framework the knowledge base writes advice for, in one list (the MCP tool's enum, the docs). */
export const FRAMEWORK_IDS = Object.keys(ADVICE) as [FrameworkId, ...FrameworkId[]]
