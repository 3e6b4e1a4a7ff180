/** Model providers the gateway forwards allowed calls to, including the built-in mock. */
package io.llmgw.gateway.upstream;
