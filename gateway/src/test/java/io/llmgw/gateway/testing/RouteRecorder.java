package io.llmgw.gateway.testing;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sees every route registered on a routing builder, whichever of its methods registers it:
 * the builder handed to the production routes is a proxy that records each call carrying a
 * handler (its method, path pattern and handler) before passing it on, and wraps the handler so
 * that a test can tell which registered route served a request. A handler registered without a
 * path is recorded with a null path, so a test can refuse it.
 */
public final class RouteRecorder {

    /**
     * One registered route.
     *
     * @param builderMethod the builder method it was registered with, such as {@code post}
     * @param method the HTTP method, null for any
     * @param path the path pattern, null when none was given
     * @param handler the handler as registered
     */
    public record Registered(String builderMethod, Method method, String path, Handler handler) {}

    private final List<Registered> routes = new CopyOnWriteArrayList<>();
    private final List<Registered> served = new CopyOnWriteArrayList<>();

    /** A builder that records into this recorder and registers on {@code real}. */
    public HttpRouting.Builder wrap(HttpRouting.Builder real) {
        return (HttpRouting.Builder) Proxy.newProxyInstance(HttpRouting.Builder.class.getClassLoader(),
                new Class<?>[] {HttpRouting.Builder.class}, (proxy, m, args) -> {
                    Object[] passed = args == null ? null : record(m.getName(), args);
                    try {
                        Object result = m.invoke(real, passed);
                        return result == real ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Every route registered so far, in order. */
    public List<Registered> routes() {
        return List.copyOf(routes);
    }

    /** The routes that served requests since the last {@link #clearServed}, in order. */
    public List<Registered> served() {
        return List.copyOf(served);
    }

    public void clearServed() {
        served.clear();
    }

    private Object[] record(String builderMethod, Object[] args) {
        Object[] passed = args.clone();
        String path = null;
        Method method = methodOf(builderMethod);
        for (Object arg : args) {
            if (arg instanceof String s && path == null) {
                path = s;
            } else if (arg instanceof Method m) {
                method = m;
            }
        }
        for (int i = 0; i < passed.length; i++) {
            if (passed[i] instanceof Handler handler) {
                passed[i] = watched(new Registered(builderMethod, method, path, handler));
            } else if (passed[i] instanceof Handler[] handlers) {
                List<Handler> watched = new ArrayList<>();
                for (Handler handler : handlers) {
                    watched.add(watched(new Registered(builderMethod, method, path, handler)));
                }
                passed[i] = watched.toArray(Handler[]::new);
            }
        }
        return passed;
    }

    private Handler watched(Registered route) {
        routes.add(route);
        return (req, res) -> {
            served.add(route);
            route.handler().handle(req, res);
        };
    }

    private static Method methodOf(String builderMethod) {
        return switch (builderMethod.toLowerCase(Locale.ROOT)) {
            case "get" -> Method.GET;
            case "post" -> Method.POST;
            case "put" -> Method.PUT;
            case "delete" -> Method.DELETE;
            case "patch" -> Method.PATCH;
            case "head" -> Method.HEAD;
            case "options" -> Method.OPTIONS;
            case "trace" -> Method.TRACE;
            default -> null;
        };
    }
}
