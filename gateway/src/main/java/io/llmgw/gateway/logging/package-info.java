/**
 * How values are written into log lines: quoting and escaping of anything a client or an
 * upstream controls, and redaction of secrets. No logging configuration, no I/O.
 */
package io.llmgw.gateway.logging;
