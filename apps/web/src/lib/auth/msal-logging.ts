/**
 * MSAL's logging, for the instance and for msal-react: warnings and errors to the
 * console, never personal data (tokens, usernames, claims).
 */
import { LogLevel, type Configuration } from '@azure/msal-browser';

type LoggerOptions = NonNullable<NonNullable<Configuration['system']>['loggerOptions']>;

export const msalLoggerOptions: LoggerOptions = {
  logLevel: LogLevel.Warning,
  piiLoggingEnabled: false, // never log tokens, usernames or claims
  loggerCallback: (level, message, containsPii) => {
    if (containsPii) return;
    if (level === LogLevel.Error) console.error(message);
    else if (level === LogLevel.Warning) console.warn(message);
  },
};
