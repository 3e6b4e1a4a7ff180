/**
 * Policy tools for the people who change the rules: {@code policy replay} re-decides logged
 * checks with a candidate bundle and reports what would flip, {@code policy explain} shows
 * which rules and grants made one decision. They evaluate with the service's own engine
 * ({@link io.llmgw.authz.policy}) and check inputs against the service's own input mapping
 * ({@link io.llmgw.authz.grpc.InputContract}); nothing here re-implements either. Nothing
 * here runs inside the serving path.
 */
package io.llmgw.authz.tools;
