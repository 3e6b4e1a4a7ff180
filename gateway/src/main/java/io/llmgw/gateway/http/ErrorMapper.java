package io.llmgw.gateway.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgw.gateway.authz.AuthzUnavailableException;
import io.llmgw.gateway.authz.ObligationNotUnderstoodException;
import io.llmgw.gateway.limits.RateLimitedException;
import io.llmgw.gateway.logging.LogText;
import io.llmgw.gateway.upstream.UpstreamException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP errors, in the shape of the request's client API
 * ({@link ClientApi}: OpenAI's, or Anthropic's on its routes). Expected failures are logged in one line
 * with their code and request id; anything else is logged with its stack trace here and
 * answered with a plain 500, so no stack trace ever reaches a client.
 */
final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    private final GatewayMetrics metrics;

    ErrorMapper(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    void handle(ServerRequest req, ServerResponse res, Exception failure) {
        String requestId = RequestMeta.of(req).id();
        OpenAiError error;
        if (failure instanceof ApiException api) {
            error = api.error();
        } else if (failure instanceof ObligationNotUnderstoodException) {
            // Fail closed too; logged and counted where the decision was read, with its id.
            error = OpenAiError.obligationNotUnderstood();
        } else if (failure instanceof AuthzUnavailableException authz) {
            // Fail closed: nothing was forwarded; counted so an operator sees the outage.
            metrics.authzUnavailable();
            LOG.warning(() -> "authz_unavailable request_id=" + requestId + " " + LogText.quote(authz.getMessage()));
            error = OpenAiError.authzUnavailable();
        } else if (failure instanceof RateLimitedException limited) {
            if (!res.isSent()) {
                limited.headers().forEach(res::header);
                res.header(HeaderNames.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
            }
            LOG.info(() -> limited.code() + " request_id=" + requestId + " " + limited.clientMessage());
            error = OpenAiError.policyRateLimited(limited.code(), limited.clientMessage());
        } else if (failure instanceof UpstreamException upstream) {
            error = upstreamError(upstream);
            LOG.warning(() -> error.code() + " request_id=" + requestId + " " + LogText.quote(upstream.getMessage()));
        } else if (failure instanceof NotFoundException) {
            // A path no route matches, such as one that '..' segments led out of /v1.
            error = OpenAiError.notFound(req.path().path());
        } else if (failure instanceof HttpException http && http.status().code() / 100 == 4) {
            error = OpenAiError.malformedHttp(http.status().code(), http.status().reasonPhrase());
        } else {
            LOG.log(Level.SEVERE, "internal_error request_id=" + requestId, failure);
            error = OpenAiError.internal();
        }
        send(res, error, ClientApi.of(req));
    }

    /** The error for an upstream that gave no usable answer. */
    static OpenAiError upstreamError(UpstreamException upstream) {
        return switch (upstream.kind()) {
            case TIMEOUT -> OpenAiError.upstreamTimeout();
            case UNREACHABLE -> OpenAiError.upstreamUnreachable();
            case TOO_LARGE -> OpenAiError.upstreamTooLarge();
            case STALLED -> OpenAiError.upstreamStalled();
            case UNSUPPORTED -> OpenAiError.providerNotSupported(upstream.getMessage());
        };
    }

    /** Answers with {@code error} in the shape of {@code api}, unless an answer has already begun. */
    void send(ServerResponse res, OpenAiError error, ClientApi api) {
        metrics.error(error);
        if (res.isSent()) {
            return;
        }
        res.status(Status.create(error.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(api.errorBody(error, res.headers().first(RequestMeta.REQUEST_ID).orElse("-")));
    }
}
