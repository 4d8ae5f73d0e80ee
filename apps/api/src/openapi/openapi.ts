// The OpenAPI document and UI (/docs, /docs-json). "Authorize" signs in with the OAuth 2.0
// authorization-code flow + PKCE against the configured authority, as the OpenAPI UI's own
// app registration (OPENAPI_CLIENT_ID, a public client: no secret), and "Try it out" sends
// the access token it got.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { allScopes, scopeDefinitions, scopeUri } from '@pixy/auth-contract';
import type { StackConfig } from '@pixy/config';
import { openApiPublicExtension, openApiSecurityScheme } from '../auth/authorization.decorators.js';

export const docsPath = 'docs';
export const docsJsonPath = 'docs-json';

export function setUpOpenApi(app: INestApplication, stack: StackConfig): void {
  const scopes = Object.fromEntries(
    allScopes.map((scope) => [
      scopeUri(stack.apiClientId, scope),
      scopeDefinitions[scope].userConsentDescription,
    ]),
  );
  const config = new DocumentBuilder()
    .setTitle('Pixy API')
    .setDescription(
      'Per-user tasks, protected by Microsoft Entra ID access tokens. Use **Authorize** to sign ' +
        'in (authorization code + PKCE), then **Try it out**. Errors are RFC 9457 problem details.',
    )
    .setVersion('1.0')
    .addOAuth2(
      {
        type: 'oauth2',
        description: `Entra ID authority ${stack.authority}`,
        flows: {
          authorizationCode: {
            // Entra's v2.0 endpoint layout (the emulator mirrors it).
            authorizationUrl: `${stack.authority}/oauth2/v2.0/authorize`,
            tokenUrl: `${stack.authority}/oauth2/v2.0/token`,
            scopes,
          },
        },
      },
      openApiSecurityScheme,
    )
    .build();
  const document = withFullScopeUris(SwaggerModule.createDocument(app, config), stack.apiClientId);
  SwaggerModule.setup(docsPath, app, document, {
    jsonDocumentUrl: docsJsonPath,
    raw: ['json'],
    customSiteTitle: 'Pixy API',
    swaggerOptions: {
      persistAuthorization: true,
      oauth2RedirectUrl: `${stack.apiUrl}/${docsPath}/oauth2-redirect.html`,
      initOAuth: {
        clientId: stack.openApiClientId,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: Object.keys(scopes),
      },
      validatorUrl: null,
      requestInterceptor: addScopeToCodeRedemption,
    },
  });
}

/**
 * Runs IN THE BROWSER (Swagger UI serializes it with toString(): it must not use anything
 * from this module). Swagger UI redeems the authorization code without a `scope`
 * parameter, which Entra ID refuses (AADSTS28003, as the emulator does); this adds the
 * scopes the user ticked in the Authorize dialog, which Swagger UI keeps on
 * window.swaggerUIRedirectOauth2 during the sign-in.
 */
function addScopeToCodeRedemption(request: { method?: string; body?: unknown }): unknown {
  const pending = (
    globalThis as { swaggerUIRedirectOauth2?: { auth?: { scopes?: Iterable<string> } } }
  ).swaggerUIRedirectOauth2;
  const body = request.body;
  if (
    typeof body === 'string' &&
    String(request.method).toLowerCase() === 'post' &&
    body.split('&').includes('grant_type=authorization_code') &&
    !body.split('&').some((pair) => pair.startsWith('scope=')) &&
    pending?.auth?.scopes
  ) {
    const scopes = Array.from(pending.auth.scopes);
    if (scopes.length > 0) request.body = `${body}&scope=${encodeURIComponent(scopes.join(' '))}`;
  }
  return request;
}

/**
 * Every route needs a token unless it is @Public(), so every other operation gets the
 * security requirement (with the scopes @RequireScopes named). Routes declare scopes by
 * short name (`@RequireScopes(Scopes.TasksRead)`); clients must request the full URI
 * (`api://<API_CLIENT_ID>/Tasks.Read`), which is known only at run time.
 */
function withFullScopeUris(document: OpenAPIObject, apiClientId: string): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem) as Array<Record<string, unknown>>) {
      if (operation[openApiPublicExtension] === true) {
        delete operation[openApiPublicExtension];
        continue;
      }
      const security = (operation.security ??= [{ [openApiSecurityScheme]: [] }]) as Array<
        Record<string, string[]>
      >;
      for (const requirement of security) {
        const names = requirement[openApiSecurityScheme];
        if (names) {
          requirement[openApiSecurityScheme] = names.map((name) =>
            allScopes.includes(name as never) ? scopeUri(apiClientId, name as never) : name,
          );
        }
      }
    }
  }
  return document;
}
