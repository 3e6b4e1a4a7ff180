/** API key authentication against hashed keys. Knows nothing of HTTP or policies. */
package io.llmgw.gateway.keys;
