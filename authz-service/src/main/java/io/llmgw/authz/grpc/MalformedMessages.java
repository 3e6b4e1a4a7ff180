package io.llmgw.authz.grpc;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.logging.Logger;

/**
 * Answers a request whose bytes are not a valid message of its method (not protobuf at all,
 * cut short, a field of the wrong wire type, invalid UTF-8) with INVALID_ARGUMENT and one log
 * line. Left to itself, grpc-java answers such a request UNKNOWN ("Application error
 * processing RPC") and logs a stack trace for each one.
 *
 * <p>It works on a service bound with {@link ServerInterceptors#useInputStreamMessages}, whose
 * messages are parsed inside the listener this interceptor wraps, where a failure can be
 * caught; {@link #guard} binds a service that way.
 */
final class MalformedMessages implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(MalformedMessages.class.getName());

    private MalformedMessages() {}

    /** {@code service}, answering malformed requests with INVALID_ARGUMENT. */
    static ServerServiceDefinition guard(BindableService service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service.bindService()),
                new MalformedMessages());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {

            private boolean rejected;

            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (StatusRuntimeException e) {
                    // Parsing is all that happens here for a unary method; the handler runs on half-close.
                    rejected = true;
                    String method = call.getMethodDescriptor().getFullMethodName();
                    LOG.info(() -> "invalid_argument: malformed request to " + method + ": " + e.getStatus()
                            .getDescription());
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid message for "
                            + method), new Metadata());
                }
            }

            @Override
            public void onHalfClose() {
                if (!rejected) {
                    super.onHalfClose();
                }
            }
        };
    }
}
